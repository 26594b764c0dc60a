package io.embedded.gateway.ratelimit;

/**
 * Which allowance a request that may call Airbyte is charged to. Every such request is charged, to its caller and to the
 * gateway: Airbyte's request budget is shared by every user of the partner, so one caller must not be able to spend it.
 */
public enum Budget {
    /** Minting widget and scoped tokens, creating sources ({@code gateway.rate-limit.*}). */
    WRITE,
    /** Listing and reading source templates, listing sources ({@code gateway.rate-limit.reads.*}). */
    READ
}
