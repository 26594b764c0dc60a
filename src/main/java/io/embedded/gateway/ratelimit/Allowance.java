package io.embedded.gateway.ratelimit;

import java.time.Duration;

/**
 * What a request that was counted left of its limits, for the {@code RateLimit-Policy} and {@code RateLimit} response
 * headers: the caller's own limit and the gateway's (or the fleet's) global one.
 */
public record Allowance(Quota identity, Quota global) {

    /**
     * One limit as a client sees it.
     *
     * @param limit requests that may burst
     * @param period the window in which {@code limit} requests are refilled
     * @param remaining requests that would pass now
     * @param untilFull how long until the whole allowance is back
     */
    public record Quota(int limit, Duration period, long remaining, Duration untilFull) {
    }
}
