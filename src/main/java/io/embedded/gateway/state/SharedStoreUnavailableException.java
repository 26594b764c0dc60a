package io.embedded.gateway.state;

import java.time.Duration;

/** Redis, the fleet's shared store, could not be reached in time; {@link #retryAfter()} says when to try again. */
public final class SharedStoreUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    SharedStoreUnavailableException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
