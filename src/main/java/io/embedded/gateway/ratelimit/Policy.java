package io.embedded.gateway.ratelimit;

import java.time.Duration;

/** The two limits of one {@link Budget}: per caller identity and for everyone together. */
record Policy(int perIdentityLimit, Duration perIdentityPeriod, int globalLimit, Duration globalPeriod) {

    static Policy of(RateLimitConfig config, Budget budget) {
        if (budget == Budget.WRITE) {
            return new Policy(config.perIdentityLimit(), config.perIdentityPeriod(), config.globalLimit(),
                    config.globalPeriod());
        }
        RateLimitConfig.Reads reads = config.reads();
        return new Policy(reads.perIdentityLimit(), reads.perIdentityPeriod(), reads.globalLimit(), reads.globalPeriod());
    }

    /** One instance's share when {@code replicas} instances enforce this policy apart; never below one request. */
    Policy share(int replicas) {
        return new Policy(Math.max(1, perIdentityLimit / replicas), perIdentityPeriod,
                Math.max(1, globalLimit / replicas), globalPeriod);
    }
}
