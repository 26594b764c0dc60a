package io.embedded.gateway.identity;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.Use;
import org.jose4j.lang.JoseException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * The partner identity provider's signing keys, fetched from its JWKS ({@code gateway.identity.jwt.jwks-url}).
 * <p>
 * One fetch is in flight at a time and every request that needs keys waits for that one; each fetch is bounded by
 * {@code gateway.identity.jwt.jwks-timeout}. After a failure nobody fetches again before the backoff has passed
 * (requests get a 503 with the remaining time as {@code Retry-After}), and until the keys were loaded once the gateway
 * retries by itself, so readiness comes up as soon as the provider does. Keys once loaded keep verifying tokens through
 * a later outage; an unknown key id (rotation) triggers a refetch at most once per
 * {@code gateway.identity.jwt.jwks-forced-refresh-interval}.
 */
@ApplicationScoped
public class IdentityProviderKeys {

    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(10);
    /** A JWKS holds a handful of keys; anything larger is not one, and is not buffered. */
    static final int MAX_JWKS_BYTES = 256 * 1024;

    private final IdentityConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final Counter fetched;
    private final Counter failed;
    private HttpClient client;

    private volatile KeySet keys;
    private volatile String lastFailure;
    // Guarded by this: the fetch in flight, and the backoff after failures.
    private CompletableFuture<KeySet> inFlight;
    private Instant retryNotBefore = Instant.MIN;
    private int consecutiveFailures;

    IdentityProviderKeys(IdentityConfig config, Clock clock, Vertx vertx, MeterRegistry registry) {
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
        this.fetched = fetches(registry, "success");
        this.failed = fetches(registry, "failure");
    }

    void loadAtStartup(@Observes StartupEvent started) {
        if (enabled()) {
            fetch().subscribe().with(loaded -> {
            }, failure -> {
            });
        }
    }

    /** Whether tokens are verified against a JWKS at all ({@code jwt} mode with a JWKS URL). */
    public boolean enabled() {
        return config.mode() == IdentityMode.JWT && config.jwt().jwksUrl().isPresent();
    }

    /** Whether the keys were loaded at least once: until then no bearer token can be verified. */
    public boolean loaded() {
        return keys != null;
    }

    /** Why the last fetch failed, for health data; empty after a success. Never holds response content. */
    public String lastFailure() {
        return lastFailure;
    }

    /**
     * The keys to verify a token signed under {@code kid} (null when the token names none). Fails with
     * {@link IdentityProviderUnavailableException} when keys are needed and cannot be fetched.
     */
    public Uni<List<JsonWebKey>> keysFor(String kid) {
        KeySet current = keys;
        if (current != null && (kid == null || current.has(kid) || !refetchAllowed(current))) {
            // An unknown kid inside the guard interval simply fails verification: tokens cannot force a refetch storm.
            return Uni.createFrom().item(current.keys());
        }
        return fetch().map(KeySet::keys);
    }

    private boolean refetchAllowed(KeySet current) {
        return !clock.instant().isBefore(current.fetchedAt().plus(config.jwt().jwksForcedRefreshInterval()));
    }

    private Uni<KeySet> fetch() {
        CompletableFuture<KeySet> shared;
        boolean start = false;
        synchronized (this) {
            if (inFlight == null) {
                Instant now = clock.instant();
                if (now.isBefore(retryNotBefore)) {
                    return Uni.createFrom().failure(unavailable(Duration.between(now, retryNotBefore)));
                }
                inFlight = new CompletableFuture<>();
                start = true;
            }
            shared = inFlight;
        }
        if (start) {
            download().subscribe().with(loaded -> succeeded(shared, loaded), failure -> failed(shared, failure));
        }
        // A copy, so that a waiter that goes away (client disconnect) never cancels the fetch the others wait for.
        return Uni.createFrom().completionStage(shared.copy());
    }

    private void succeeded(CompletableFuture<KeySet> fetch, KeySet loaded) {
        fetched.increment();
        keys = loaded;
        lastFailure = null;
        int failuresBefore;
        synchronized (this) {
            failuresBefore = consecutiveFailures;
            consecutiveFailures = 0;
            retryNotBefore = Instant.MIN;
            inFlight = null;
        }
        if (failuresBefore > 0) {
            Log.infof("Identity provider keys loaded again after %d failed fetches (%d keys)", failuresBefore,
                    loaded.keys().size());
        } else {
            Log.debugf("Identity provider keys loaded (%d keys)", loaded.keys().size());
        }
        fetch.complete(loaded);
    }

    private void failed(CompletableFuture<KeySet> fetch, Throwable failure) {
        failed.increment();
        String reason = reason(failure);
        lastFailure = reason;
        Duration backoff;
        int failures;
        synchronized (this) {
            failures = ++consecutiveFailures;
            backoff = backoff(failures);
            retryNotBefore = clock.instant().plus(backoff);
            inFlight = null;
        }
        // One WARN when the provider starts failing, not one per request or per retry; no stack trace.
        if (failures == 1) {
            Log.warnf("Cannot fetch the identity provider's keys from %s: %s. %s", config.jwt().jwksUrl().orElseThrow(),
                    reason, loaded() ? "Tokens signed with the keys already loaded are still accepted."
                            : "Bearer tokens are answered with 503 until the keys are loaded.");
        } else {
            Log.debugf("JWKS fetch failed again (%d in a row): %s", failures, reason);
        }
        if (!loaded()) {
            // Nobody can be verified yet: keep trying in the background, so readiness recovers without traffic.
            vertx.setTimer(Math.max(1, backoff.toMillis()), timer -> fetch().subscribe().with(loaded -> {
            }, ignored -> {
            }));
        }
        fetch.completeExceptionally(unavailable(backoff));
    }

    /** 0.5 s, 1 s, 2 s ... up to 10 s between attempts while the provider fails. */
    static Duration backoff(int consecutiveFailures) {
        long millis = FIRST_RETRY.toMillis() << Math.min(consecutiveFailures - 1, 10);
        return Duration.ofMillis(Math.min(millis, LONGEST_RETRY.toMillis()));
    }

    private Uni<KeySet> download() {
        URI url = config.jwt().jwksUrl().orElseThrow();
        Duration timeout = config.jwt().jwksTimeout();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url.toString())
                .putHeader("Accept", "application/json").setIdleTimeout(timeout.toMillis());
        return Uni.createFrom().deferred(() -> client().request(request))
                .flatMap(sent -> sent.send())
                .flatMap(this::body)
                .map(json -> parse(json, clock.instant()))
                .ifNoItem().after(timeout)
                .failWith(() -> new JwksFetchFailure("no answer within " + timeout.toMillis() + " ms"));
    }

    private Uni<String> body(HttpClientResponse response) {
        if (response.statusCode() != 200) {
            return Uni.createFrom().failure(new JwksFetchFailure("HTTP " + response.statusCode()));
        }
        String length = response.getHeader("Content-Length");
        if (length != null && length.length() < 12 && Long.parseLong(length.trim()) > MAX_JWKS_BYTES) {
            return Uni.createFrom().failure(new JwksFetchFailure("answer larger than " + MAX_JWKS_BYTES + " bytes"));
        }
        return response.body().map(buffer -> {
            if (buffer.length() > MAX_JWKS_BYTES) {
                throw new JwksFetchFailure("answer larger than " + MAX_JWKS_BYTES + " bytes");
            }
            return buffer.toString();
        });
    }

    static KeySet parse(String json, Instant fetchedAt) {
        List<JsonWebKey> usable;
        try {
            usable = new JsonWebKeySet(json).getJsonWebKeys().stream()
                    .filter(key -> key.getUse() == null || Use.SIGNATURE.equals(key.getUse()))
                    .filter(key -> "RSA".equals(key.getKeyType()) || "EC".equals(key.getKeyType()))
                    .toList();
        } catch (JoseException | RuntimeException e) {
            throw new JwksFetchFailure("the answer is not a JWKS");
        }
        if (usable.isEmpty()) {
            throw new JwksFetchFailure("the JWKS holds no RSA or EC signing key");
        }
        return new KeySet(usable, fetchedAt);
    }

    private synchronized HttpClient client() {
        if (client == null) {
            int timeout = (int) Math.min(Integer.MAX_VALUE, config.jwt().jwksTimeout().toMillis());
            // No keep-alive: one small request every few minutes at most is not worth an idle connection.
            client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeout).setKeepAlive(false)
                    .setForceSni(true).setMaxRedirects(3));
        }
        return client;
    }

    private static String reason(Throwable failure) {
        if (failure instanceof JwksFetchFailure known) {
            return known.getMessage();
        }
        // Connection-level failures: their class and message name the host and the cause, never response content.
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    private static IdentityProviderUnavailableException unavailable(Duration retryAfter) {
        return new IdentityProviderUnavailableException("identity provider keys unavailable", retryAfter);
    }

    private static Counter fetches(MeterRegistry registry, String outcome) {
        return Counter.builder("gateway.identity.jwks.fetches").description("Fetches of the identity provider's JWKS")
                .tag("outcome", outcome).register(registry);
    }

    /** The keys of one successful fetch. */
    record KeySet(List<JsonWebKey> keys, Instant fetchedAt) {

        boolean has(String kid) {
            return keys.stream().anyMatch(key -> kid.equals(key.getKeyId()));
        }
    }

    /** A fetch failed for a reason we describe ourselves. */
    static final class JwksFetchFailure extends RuntimeException {

        JwksFetchFailure(String message) {
            super(message, null, false, false);
        }
    }
}
