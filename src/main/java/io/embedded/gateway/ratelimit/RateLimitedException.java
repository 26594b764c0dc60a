package io.embedded.gateway.ratelimit;

import java.time.Duration;

/** A caller exceeded a limit; {@link #retryAfter()} says when the next request would pass. */
public final class RateLimitedException extends RuntimeException {

    /** Which limit refused the request. */
    public enum Scope {
        IDENTITY,
        GLOBAL
    }

    private final Scope scope;
    private final Budget budget;
    private final Duration retryAfter;
    private final Allowance allowance;

    RateLimitedException(Scope scope, Budget budget, Duration retryAfter, Allowance allowance) {
        super("rate limit exceeded: " + scope + " " + budget, null, false, false);
        this.scope = scope;
        this.budget = budget;
        this.retryAfter = retryAfter;
        this.allowance = allowance;
    }

    public Scope scope() {
        return scope;
    }

    /** The allowance that was used up. */
    public Budget budget() {
        return budget;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * What is left of both limits (nothing of the one that refused); null when the refused charge was a call the
     * gateway makes on its own ({@link RateLimiter#acquireGlobal}), after the request's own allowance was reported.
     */
    public Allowance allowance() {
        return allowance;
    }
}
