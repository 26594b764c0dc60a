package io.embedded.gateway.events;

import java.time.Duration;

/** The event could not be stored (the shared store, Redis, is unavailable): it was not accepted, and nothing is sent. */
public final class EventStoreUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    EventStoreUnavailableException(Duration retryAfter) {
        super("The event could not be stored", null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
