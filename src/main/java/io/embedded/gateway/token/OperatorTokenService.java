package io.embedded.gateway.token;

import java.time.Duration;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.embedded.gateway.client.AirbyteApiClient;
import io.embedded.gateway.client.AirbyteConfig;
import io.embedded.gateway.client.AirbyteException;
import io.embedded.gateway.client.OperatorToken;
import io.embedded.gateway.client.UpstreamAvailability;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CacheResult;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Holds the operator token. One cached token serves every request until shortly before it expires, read from a field
 * while fresh; concurrent misses share one upstream call (quarkus-cache locks on miss), and failures are never cached
 * because a failed {@code Uni} is not stored.
 */
@ApplicationScoped
public class OperatorTokenService {

    static final String CACHE = "operator-token";

    private final AirbyteApiClient airbyte;
    private final AirbyteConfig config;
    private final Cache cache;
    private final UpstreamAvailability availability;
    /**
     * The token the cache holds, with the same deadline as its cache entry. Requests read it directly: a cache hit
     * through the interceptor costs a lookup and an extra hop through the event loop on every request.
     */
    private volatile Held held;
    private final Counter reuses;
    private final Object replacementLock = new Object();
    /** The last token Airbyte rejected, and the one shared fetch of its replacement (guarded by replacementLock). */
    private OperatorToken replaced;
    private Uni<OperatorToken> replacement;

    OperatorTokenService(AirbyteApiClient airbyte, AirbyteConfig config, @CacheName(CACHE) Cache cache,
            UpstreamAvailability availability, MeterRegistry registry) {
        this.reuses = Counter.builder("gateway.operator.token.reuses")
                .description("Requests served by the held operator token, without a cache lookup or an upstream call")
                .register(registry);
        this.airbyte = airbyte;
        this.config = config;
        this.cache = cache;
        this.availability = availability;
    }

    /**
     * Runs {@code call} with the current operator token. If Airbyte rejects the token (revoked, or expired early), the
     * call is repeated once with a replacement; a second rejection means our credentials no longer work and is reported
     * as such.
     */
    public <T> Uni<T> withToken(Function<OperatorToken, Uni<T>> call) {
        return token().chain(token -> call.apply(token).onFailure(OperatorTokenService::isTokenRejected)
                .recoverWithUni(rejected -> replacing(token).chain(fresh -> call.apply(fresh))
                        .onFailure(OperatorTokenService::isTokenRejected)
                        .transform(again -> credentialsNoLongerWork(again))));
    }

    /**
     * A token other than {@code rejected}. However many requests Airbyte rejects with the same token, only the first
     * drops it, and all share that one refetch: a request that was in flight with an old token must not drop a newer
     * one (one revocation, one token call, at any concurrency).
     */
    private Uni<OperatorToken> replacing(OperatorToken rejected) {
        synchronized (replacementLock) {
            if (replacement != null && replaced == rejected) {
                return replacement;
            }
            Held known = held;
            if (known != null && known.token != rejected) {
                return Uni.createFrom().item(known.token);
            }
            Log.warn("Airbyte rejected the cached operator token; fetching a fresh one and retrying once");
            replaced = rejected;
            replacement = invalidate().chain(this::current).memoize().indefinitely();
            return replacement;
        }
    }

    /** The held token while it is fresh, else the cache (which fetches on a miss, one call for all waiting requests). */
    private Uni<OperatorToken> token() {
        if (availability.credentialsRejected()) {
            // Sending a secret Airbyte just refused only spends its budget; the background recheck alone retries.
            return Uni.createFrom().failure(availability.credentialsStillRejected());
        }
        Held known = held;
        if (known != null && System.nanoTime() - known.deadlineNanos < 0) {
            reuses.increment();
            return Uni.createFrom().item(known.token);
        }
        return current();
    }

    /** The cached token, fetched on a miss. The cache entry lives for the token's lifetime minus a safety margin. */
    @CacheResult(cacheName = CACHE)
    Uni<OperatorToken> current() {
        return airbyte.issueOperatorToken().invoke(token -> {
            Duration keep = token.cacheFor(config.operatorToken().refreshMargin());
            // One entry, so the cache-wide expiry is this token's expiry; it applies from the entry's write.
            cache.as(CaffeineCache.class).setExpireAfterWrite(keep);
            // The same clock as Caffeine's (System.nanoTime), so the held token lapses with the cache entry.
            held = new Held(token, System.nanoTime() + keep.toNanos());
        });
    }

    /** Drops the cached token, so the next request fetches a new one. */
    public Uni<Void> invalidate() {
        held = null;
        return cache.invalidateAll();
    }

    private record Held(OperatorToken token, long deadlineNanos) {
    }

    private static boolean isTokenRejected(Throwable failure) {
        return failure instanceof AirbyteException upstream && upstream.reason() == AirbyteException.Reason.TOKEN_REJECTED;
    }

    private Throwable credentialsNoLongerWork(Throwable rejection) {
        availability.markCredentialsRejected();
        return AirbyteException.credentialsRejected(((AirbyteException) rejection).status());
    }
}
