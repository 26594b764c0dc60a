package io.embedded.gateway.ratelimit;

import java.time.Duration;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.embedded.gateway.identity.CallerIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per-identity and global limits on token minting, in memory (per gateway instance). Call {@link #acquire} once per
 * minting request after the caller is authenticated; it never blocks. Buckets of identities not seen for a whole period
 * are full again anyway, so they are evicted after that long; the size cap bounds memory.
 */
@ApplicationScoped
public class RateLimiter {

    private final RateLimitConfig config;
    private final LongSupplier nanoTime;
    private final Cache<String, TokenBucket> identities;
    private final TokenBucket global;
    private final Counter refusedPerIdentity;
    private final Counter refusedGlobally;

    @Inject
    RateLimiter(RateLimitConfig config, MeterRegistry metrics) {
        this(config, metrics, System::nanoTime);
    }

    RateLimiter(RateLimitConfig config, MeterRegistry metrics, LongSupplier nanoTime) {
        this.config = config;
        this.nanoTime = nanoTime;
        this.identities = Caffeine.newBuilder()
                .maximumSize(config.maxTrackedIdentities())
                .expireAfterAccess(config.perIdentityPeriod())
                .build();
        this.global = new TokenBucket(config.globalLimit(), config.globalPeriod(), nanoTime.getAsLong());
        this.refusedPerIdentity = refusals(metrics, "identity");
        this.refusedGlobally = refusals(metrics, "global");
    }

    /**
     * Counts one minting request of {@code caller}.
     *
     * @throws RateLimitedException when the caller's or the gateway's allowance is used up; the global allowance is
     *         only consumed by requests the caller's own limit lets through
     */
    public void acquire(CallerIdentity caller) {
        if (!config.enabled()) {
            return;
        }
        long now = nanoTime.getAsLong();
        TokenBucket own = identities.get(caller.key(),
                key -> new TokenBucket(config.perIdentityLimit(), config.perIdentityPeriod(), now));
        Duration wait = own.tryTake(now);
        if (!wait.isZero()) {
            refusedPerIdentity.increment();
            throw new RateLimitedException(RateLimitedException.Scope.IDENTITY, wait);
        }
        Duration globalWait = global.tryTake(now);
        if (!globalWait.isZero()) {
            // The caller did nothing wrong; don't also charge its own allowance.
            own.giveBack();
            refusedGlobally.increment();
            throw new RateLimitedException(RateLimitedException.Scope.GLOBAL, globalWait);
        }
    }

    private static Counter refusals(MeterRegistry metrics, String scope) {
        return Counter.builder("gateway.rate.limit.refusals").description("Token requests refused by a gateway rate limit")
                .tag("scope", scope).register(metrics);
    }
}
