package io.embedded.gateway.ratelimit;

import java.util.EnumMap;
import java.util.Map;

/**
 * The limits of every {@link Budget} in this instance's memory: the whole of them with the memory store, this
 * instance's share of them while the shared store is unavailable. Never blocks, never does I/O.
 */
final class LocalLimits {

    private final Map<Budget, Pair> limits = new EnumMap<>(Budget.class);

    LocalLimits(RateLimitConfig config, int replicas, long nowNanos) {
        for (Budget budget : Budget.values()) {
            limits.put(budget, new Pair(budget, Policy.of(config, budget).share(replicas), config.maxTrackedIdentities(),
                    nowNanos));
        }
    }

    /**
     * Counts one request of {@code identity} against {@code budget}.
     *
     * @throws RateLimitedException when the caller's or the instance's allowance is used up; the global allowance is
     *         only consumed by requests the caller's own limit lets through
     */
    Allowance acquire(String identity, Budget budget, long nowNanos) {
        return limits.get(budget).acquire(identity, nowNanos);
    }

    /**
     * Counts one call the gateway makes on its own (provisioning a workspace) against {@code budget}'s global limit.
     *
     * @throws RateLimitedException when the instance's allowance is used up
     */
    void acquireGlobal(Budget budget, long nowNanos) {
        limits.get(budget).acquireGlobal(nowNanos);
    }

    /** Identities whose buckets this instance holds for {@code budget}. */
    int trackedIdentities(Budget budget) {
        return limits.get(budget).identities.size();
    }

    /** The two buckets of one budget. */
    private static final class Pair {

        private final Budget budget;
        private final IdentityBuckets identities;
        private final TokenBucket global;

        Pair(Budget budget, Policy policy, int maxIdentities, long nowNanos) {
            this.budget = budget;
            this.identities = new IdentityBuckets(maxIdentities, policy.perIdentityLimit(), policy.perIdentityPeriod());
            this.global = new TokenBucket(policy.globalLimit(), policy.globalPeriod(), nowNanos);
        }

        void acquireGlobal(long now) {
            TokenBucket.Take everyone = global.tryTake(now);
            if (!everyone.taken()) {
                throw new RateLimitedException(RateLimitedException.Scope.GLOBAL, budget, everyone.delay(), null);
            }
        }

        Allowance acquire(String identity, long now) {
            TokenBucket.Take own = identities.tryTake(identity, now);
            if (!own.taken()) {
                throw new RateLimitedException(RateLimitedException.Scope.IDENTITY, budget, own.delay(),
                        new Allowance(own.left(), global.quota(now)));
            }
            TokenBucket.Take everyone = global.tryTake(now);
            if (!everyone.taken()) {
                // The caller did nothing wrong; don't also charge its own allowance.
                Allowance.Quota given = identities.giveBack(identity, now);
                throw new RateLimitedException(RateLimitedException.Scope.GLOBAL, budget, everyone.delay(),
                        new Allowance(given, everyone.left()));
            }
            return new Allowance(own.left(), everyone.left());
        }
    }
}
