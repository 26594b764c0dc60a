package io.embedded.gateway.token;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.embedded.gateway.client.AirbyteApiClient;
import io.embedded.gateway.client.AirbyteException;
import io.embedded.gateway.client.OperatorToken;
import io.embedded.gateway.client.UpstreamAvailability;
import io.embedded.gateway.client.UpstreamRejectedException;
import io.embedded.gateway.config.AirbyteConfig;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CacheResult;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Holds the operator token. One cached token serves every request until shortly before it expires; concurrent misses
 * share one upstream call (quarkus-cache locks on miss), and failures are never cached because a failed {@code Uni}
 * is not stored.
 */
@ApplicationScoped
public class OperatorTokenService {

    static final String CACHE = "operator-token";

    private final AirbyteApiClient airbyte;
    private final AirbyteConfig config;
    private final Cache cache;
    private final UpstreamAvailability availability;

    OperatorTokenService(AirbyteApiClient airbyte, AirbyteConfig config, @CacheName(CACHE) Cache cache,
            UpstreamAvailability availability) {
        this.airbyte = airbyte;
        this.config = config;
        this.cache = cache;
        this.availability = availability;
    }

    /**
     * Runs {@code call} with the current operator token. If Airbyte rejects the token (revoked, or expired early), the
     * cached token is dropped and the call is repeated once with a fresh one; a second rejection means our
     * credentials no longer work and is reported as such.
     */
    public <T> Uni<T> withToken(Function<OperatorToken, Uni<T>> call) {
        return current().chain(token -> call.apply(token)).onFailure(OperatorTokenService::isTokenRejected)
                .recoverWithUni(rejected -> {
                    Log.warn("Airbyte rejected the cached operator token; fetching a fresh one and retrying once");
                    return invalidate().chain(this::current).chain(fresh -> call.apply(fresh))
                            .onFailure(OperatorTokenService::isTokenRejected)
                            .transform(again -> credentialsNoLongerWork(again));
                });
    }

    /** The cached token, fetched on a miss. The cache entry lives for the token's lifetime minus a safety margin. */
    @CacheResult(cacheName = CACHE)
    Uni<OperatorToken> current() {
        return airbyte.issueOperatorToken()
                // One entry, so the cache-wide expiry is this token's expiry; it applies from the entry's write.
                .invoke(token -> cache.as(CaffeineCache.class)
                        .setExpireAfterWrite(token.cacheFor(config.operatorToken().refreshMargin())));
    }

    /** Drops the cached token, so the next request fetches a new one. */
    public Uni<Void> invalidate() {
        return cache.invalidateAll();
    }

    private static boolean isTokenRejected(Throwable failure) {
        return failure instanceof AirbyteException upstream && upstream.reason() == AirbyteException.Reason.TOKEN_REJECTED;
    }

    private Throwable credentialsNoLongerWork(Throwable rejection) {
        availability.markCredentialsRejected();
        return new OperatorTokenRejectedTwiceException((UpstreamRejectedException) rejection);
    }
}
