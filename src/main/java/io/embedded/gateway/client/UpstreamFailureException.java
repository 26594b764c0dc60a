package io.embedded.gateway.client;

import java.time.Duration;

/** Airbyte is failing (5xx, 429, unreachable, slow or garbled); counts towards the circuit breakers. */
public final class UpstreamFailureException extends AirbyteException {

    UpstreamFailureException(Reason reason, int status, Duration retryAfter, String message, Throwable cause) {
        super(reason, status, retryAfter, message, cause);
    }

    /** Whether the same call may succeed if repeated: 502/503/504, 429 and dropped connections. */
    public boolean isTransient() {
        return switch (reason()) {
            case RATE_LIMITED, UNREACHABLE -> true;
            case UNAVAILABLE -> status() == 502 || status() == 503 || status() == 504;
            default -> false;
        };
    }
}
