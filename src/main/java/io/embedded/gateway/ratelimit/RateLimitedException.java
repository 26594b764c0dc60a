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

    public RateLimitedException(Scope scope, Budget budget, Duration retryAfter) {
        super("rate limit exceeded: " + scope + " " + budget, null, false, false);
        this.scope = scope;
        this.budget = budget;
        this.retryAfter = retryAfter;
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
}
