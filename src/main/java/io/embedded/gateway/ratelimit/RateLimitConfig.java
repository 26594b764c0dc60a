package io.embedded.gateway.ratelimit;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits on token minting. Airbyte allows about 1000 requests per hour per organisation; the global default leaves
 * room for retries, operator-token refreshes and other endpoints.
 */
@ConfigMapping(prefix = "gateway.rate-limit")
public interface RateLimitConfig {

    /** Switch both limits off (for load tests only). */
    @WithDefault("true")
    boolean enabled();

    /** Per caller identity. */
    @WithDefault("30")
    @Min(1)
    int perIdentityLimit();

    /** Window of {@link #perIdentityLimit()}: that many requests may burst, then one more each window/limit. */
    @WithDefault("1h")
    Duration perIdentityPeriod();

    /** For the whole gateway instance. */
    @WithDefault("500")
    @Min(1)
    int globalLimit();

    /** Window of {@link #globalLimit()}. */
    @WithDefault("1h")
    Duration globalPeriod();

    /**
     * Identities tracked at once. Beyond it, identities whose allowance is full again are forgotten first (nothing is
     * lost); only if more than this many are all in use are the fullest forgotten (they get a full allowance back).
     */
    @WithDefault("100000")
    @Min(100)
    @Max(10_000_000)
    int maxTrackedIdentities();
}
