package io.embedded.gateway.identity;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.Use;
import org.jose4j.lang.JoseException;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;

/** One download of the identity provider's JWKS: bounded in time and size, and kept to its RSA and EC signing keys. */
final class JwksDownload {

    /** A JWKS holds a handful of keys; anything larger is not one, and is not buffered. */
    static final int MAX_JWKS_BYTES = 256 * 1024;

    private final IdentityConfig.Jwt config;
    private final Clock clock;
    private final Vertx vertx;
    private HttpClient client;

    JwksDownload(IdentityConfig.Jwt config, Clock clock, Vertx vertx) {
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    Uni<KeySet> fetch() {
        URI url = config.jwksUrl().orElseThrow();
        Duration timeout = config.jwksTimeout();
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
            int timeout = (int) Math.min(Integer.MAX_VALUE, config.jwksTimeout().toMillis());
            // No keep-alive: one small request every few minutes at most is not worth an idle connection.
            client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeout).setKeepAlive(false)
                    .setForceSni(true).setMaxRedirects(3));
        }
        return client;
    }

    /** Why a download failed, for the log and health data: never response content. */
    static String reason(Throwable failure) {
        if (failure instanceof JwksFetchFailure known) {
            return known.getMessage();
        }
        // Connection-level failures: their class and message name the host and the cause, never response content.
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
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
