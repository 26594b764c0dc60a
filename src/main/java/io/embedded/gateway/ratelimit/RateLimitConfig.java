package io.embedded.gateway.ratelimit;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits on requests that may call Airbyte, per caller identity and for the whole gateway instance. Airbyte allows about
 * 1000 requests per hour per organisation: the defaults give writes (minting, creating sources) 500 and reads (templates,
 * listing) 300 per hour, leaving room for retries and operator-token refreshes.
 */
@ConfigMapping(prefix = "gateway.rate-limit")
public interface RateLimitConfig {

    /** Switch every limit off (for load tests only). */
    @WithDefault("true")
    boolean enabled();

    /** Writes (token minting, source creation) per caller identity. */
    @WithDefault("30")
    @Min(1)
    int perIdentityLimit();

    /** Window of {@link #perIdentityLimit()}: that many requests may burst, then one more each window/limit. */
    @WithDefault("1h")
    Duration perIdentityPeriod();

    /** Writes for the whole gateway instance. */
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

    /** Reads: source templates (list and single) and source listing. */
    Reads reads();

    /** Limits on reads, kept apart from writes so that browsing templates cannot use up minting. */
    interface Reads {

        /** Per caller identity; template lists are cached, so most reads never reach Airbyte. */
        @WithDefault("120")
        @Min(1)
        int perIdentityLimit();

        /** Window of {@link #perIdentityLimit()}. */
        @WithDefault("1h")
        Duration perIdentityPeriod();

        /** For the whole gateway instance. */
        @WithDefault("300")
        @Min(1)
        int globalLimit();

        /** Window of {@link #globalLimit()}. */
        @WithDefault("1h")
        Duration globalPeriod();
    }
}
