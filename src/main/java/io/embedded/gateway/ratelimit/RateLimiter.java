package io.embedded.gateway.ratelimit;

import java.time.Duration;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.embedded.gateway.identity.CallerIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per-identity and global limits on token minting, in memory (per gateway instance). Call {@link #acquire} once per
 * minting request after the caller is authenticated; it never blocks and never does I/O. {@link IdentityBuckets} bounds
 * the memory the per-identity buckets take.
 */
@ApplicationScoped
public class RateLimiter {

    private final RateLimitConfig config;
    private final LongSupplier nanoTime;
    private final IdentityBuckets identities;
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
        this.identities = new IdentityBuckets(config.maxTrackedIdentities(), config.perIdentityLimit(),
                config.perIdentityPeriod());
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
        Duration wait = identities.tryTake(caller.key(), now);
        if (!wait.isZero()) {
            refusedPerIdentity.increment();
            throw new RateLimitedException(RateLimitedException.Scope.IDENTITY, wait);
        }
        Duration globalWait = global.tryTake(now);
        if (!globalWait.isZero()) {
            // The caller did nothing wrong; don't also charge its own allowance.
            identities.giveBack(caller.key());
            refusedGlobally.increment();
            throw new RateLimitedException(RateLimitedException.Scope.GLOBAL, globalWait);
        }
    }

    private static Counter refusals(MeterRegistry metrics, String scope) {
        return Counter.builder("gateway.rate.limit.refusals").description("Token requests refused by a gateway rate limit")
                .tag("scope", scope).register(metrics);
    }
}
