package io.embedded.gateway.ratelimit;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.embedded.gateway.identity.CallerIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per-identity and global limits on requests that may call Airbyte, one pair per {@link Budget}, in memory (per gateway
 * instance). Call {@link #acquire} once per such request after the caller is authenticated; it never blocks and never
 * does I/O. {@link IdentityBuckets} bounds the memory the per-identity buckets take.
 */
@ApplicationScoped
public class RateLimiter {

    private final boolean enabled;
    private final LongSupplier nanoTime;
    private final Map<Budget, Limits> limits = new EnumMap<>(Budget.class);

    @Inject
    RateLimiter(RateLimitConfig config, MeterRegistry metrics) {
        this(config, metrics, System::nanoTime);
    }

    RateLimiter(RateLimitConfig config, MeterRegistry metrics, LongSupplier nanoTime) {
        this.enabled = config.enabled();
        this.nanoTime = nanoTime;
        long now = nanoTime.getAsLong();
        limits.put(Budget.WRITE, new Limits(Budget.WRITE, config.maxTrackedIdentities(), config.perIdentityLimit(),
                config.perIdentityPeriod(), config.globalLimit(), config.globalPeriod(), now, metrics));
        RateLimitConfig.Reads reads = config.reads();
        limits.put(Budget.READ, new Limits(Budget.READ, config.maxTrackedIdentities(), reads.perIdentityLimit(),
                reads.perIdentityPeriod(), reads.globalLimit(), reads.globalPeriod(), now, metrics));
    }

    /**
     * Counts one request of {@code caller} against {@code budget}.
     *
     * @throws RateLimitedException when the caller's or the gateway's allowance is used up; the global allowance is
     *         only consumed by requests the caller's own limit lets through
     */
    public void acquire(CallerIdentity caller, Budget budget) {
        if (enabled) {
            limits.get(budget).acquire(caller.key(), nanoTime.getAsLong());
        }
    }

    /** The two limits of one budget and their refusal counters. */
    private static final class Limits {

        private final Budget budget;
        private final IdentityBuckets identities;
        private final TokenBucket global;
        private final Counter refusedPerIdentity;
        private final Counter refusedGlobally;

        Limits(Budget budget, int maxIdentities, int perIdentityLimit, Duration perIdentityPeriod, int globalLimit,
                Duration globalPeriod, long nowNanos, MeterRegistry metrics) {
            this.budget = budget;
            this.identities = new IdentityBuckets(maxIdentities, perIdentityLimit, perIdentityPeriod);
            this.global = new TokenBucket(globalLimit, globalPeriod, nowNanos);
            this.refusedPerIdentity = refusals(metrics, budget, "identity");
            this.refusedGlobally = refusals(metrics, budget, "global");
            // Against gateway.rate-limit.max-tracked-identities: at the cap, identities start to be forgotten.
            Gauge.builder("gateway.rate.limit.tracked.identities", identities, IdentityBuckets::size)
                    .description("Caller identities whose rate-limit state this instance holds")
                    .tag("budget", budget.name().toLowerCase(Locale.ROOT)).register(metrics);
        }

        void acquire(String identity, long now) {
            Duration wait = identities.tryTake(identity, now);
            if (!wait.isZero()) {
                refusedPerIdentity.increment();
                throw new RateLimitedException(RateLimitedException.Scope.IDENTITY, budget, wait);
            }
            Duration globalWait = global.tryTake(now);
            if (!globalWait.isZero()) {
                // The caller did nothing wrong; don't also charge its own allowance.
                identities.giveBack(identity);
                refusedGlobally.increment();
                throw new RateLimitedException(RateLimitedException.Scope.GLOBAL, budget, globalWait);
            }
        }

        private static Counter refusals(MeterRegistry metrics, Budget budget, String scope) {
            return Counter.builder("gateway.rate.limit.refusals")
                    .description("Requests refused by a gateway rate limit, before any call to Airbyte")
                    .tag("scope", scope).tag("budget", budget.name().toLowerCase(Locale.ROOT)).register(metrics);
        }
    }
}
