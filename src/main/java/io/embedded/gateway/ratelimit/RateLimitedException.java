package io.embedded.gateway.ratelimit;

import java.time.Duration;

/** A caller exceeded a minting limit; {@link #retryAfter()} says when the next request would pass. */
public final class RateLimitedException extends RuntimeException {

    /** Which limit refused the request. */
    public enum Scope {
        IDENTITY,
        GLOBAL
    }

    private final Scope scope;
    private final Duration retryAfter;

    public RateLimitedException(Scope scope, Duration retryAfter) {
        super("rate limit exceeded: " + scope, null, false, false);
        this.scope = scope;
        this.retryAfter = retryAfter;
    }

    public Scope scope() {
        return scope;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
