package io.embedded.gateway.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jose4j.jwk.JsonWebKey;

import io.embedded.gateway.identity.JwksDownload.KeySet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * The partner identity provider's signing keys, fetched from its JWKS ({@code gateway.identity.jwt.jwks-url}).
 * <p>
 * One fetch is in flight at a time and every request that needs keys waits for that one; each fetch is bounded by
 * {@code gateway.identity.jwt.jwks-timeout}. After a failure nobody fetches again before the backoff has passed
 * (requests get a 503 with the remaining time as {@code Retry-After}), and until the keys were loaded once the gateway
 * retries by itself, so readiness comes up as soon as the provider does. Keys once loaded keep verifying tokens through
 * a later outage; an unknown key id (rotation) triggers a refetch at most once per
 * {@code gateway.identity.jwt.jwks-forced-refresh-interval}.
 * <p>
 * A key set older than {@code gateway.identity.jwt.jwks-max-age} is fetched again in the background, so a key the
 * provider removed stops verifying tokens within that age plus one fetch. A timer starts that refresh when the set
 * reaches its age, whether or not requests arrive, and a request that finds the set past its age starts it too (should
 * the timer be late); either way it is the same single fetch, under the same backoff, and requests are answered at once
 * with the keys already loaded, never made to wait for it. A refresh that fails is tried again after the backoff.
 */
@ApplicationScoped
public class IdentityProviderKeys {

    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(10);

    private final IdentityConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final JwksDownload download;
    private final Counter fetched;
    private final Counter failed;

    private volatile KeySet keys;
    private volatile String lastFailure;
    // Guarded by this: the fetch in flight, and the backoff after failures.
    private CompletableFuture<KeySet> inFlight;
    private Instant retryNotBefore = Instant.MIN;
    private int consecutiveFailures;
    // Guarded by this: the one pending timer of the background refresh, or -1; none once shut down.
    private long refreshTimer = -1;
    private boolean stopped;

    IdentityProviderKeys(IdentityConfig config, Clock clock, Vertx vertx, MeterRegistry registry) {
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
        this.download = new JwksDownload(config.jwt(), clock, vertx);
        this.fetched = fetches(registry, "success");
        this.failed = fetches(registry, "failure");
    }

    void loadAtStartup(@Observes StartupEvent started) {
        // Startup observers run in no set order: refuse an invalid configuration here too (CallerIdentityResolver does
        // the same), so that nothing is ever fetched from a JWKS URL the check refuses, such as plain http.
        IdentitySettings.check(config);
        if (enabled()) {
            fetch().subscribe().with(loaded -> {
            }, failure -> {
            });
        }
    }

    void stopAtShutdown(@Observes ShutdownEvent shutdown) {
        synchronized (this) {
            stopped = true;
            if (refreshTimer >= 0) {
                vertx.cancelTimer(refreshTimer);
                refreshTimer = -1;
            }
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
            if (!clock.instant().isBefore(refreshDue(current))) {
                // Past its age: refresh in the background, and answer this request with the keys loaded meanwhile.
                fetch().subscribe().with(loaded -> {
                }, failure -> {
                });
            }
            // An unknown kid inside the guard interval simply fails verification: tokens cannot force a refetch storm.
            return Uni.createFrom().item(current.keys());
        }
        return fetch().map(KeySet::keys);
    }

    private Instant refreshDue(KeySet current) {
        return current.fetchedAt().plus(config.jwt().jwksMaxAge());
    }

    /** The background refresh: runs when the key set reaches its maximum age, and again after a failed attempt. */
    private void refreshWhenDue() {
        Instant now = clock.instant();
        Instant due = refreshDue(keys);
        if (now.isBefore(due)) {
            // A newer set arrived meanwhile (a forced refetch): wait for that one's age.
            scheduleRefresh(Duration.between(now, due));
            return;
        }
        // On success, succeeded() schedules the next refresh; a failed or refused attempt is repeated after the backoff.
        fetch().subscribe().with(loaded -> {
        }, failure -> scheduleRefresh(failure instanceof IdentityProviderUnavailableException unavailable
                ? unavailable.retryAfter()
                : LONGEST_RETRY));
    }

    /** Replaces the pending refresh timer: there is never more than one. */
    private synchronized void scheduleRefresh(Duration in) {
        if (stopped) {
            return;
        }
        if (refreshTimer >= 0) {
            vertx.cancelTimer(refreshTimer);
        }
        refreshTimer = vertx.setTimer(Math.max(1, in.toMillis()), timer -> refreshWhenDue());
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
            download.fetch().subscribe().with(loaded -> succeeded(shared, loaded), failure -> failed(shared, failure));
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
        scheduleRefresh(config.jwt().jwksMaxAge());
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
        String reason = JwksDownload.reason(failure);
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

    private static IdentityProviderUnavailableException unavailable(Duration retryAfter) {
        return new IdentityProviderUnavailableException("identity provider keys unavailable", retryAfter);
    }

    private static Counter fetches(MeterRegistry registry, String outcome) {
        return Counter.builder("gateway.identity.jwks.fetches").description("Fetches of the identity provider's JWKS")
                .tag("outcome", outcome).register(registry);
    }
}
