package io.embedded.gateway.client;

import java.time.Duration;

/** Airbyte is failing (5xx, 429, unreachable, slow or garbled); counts towards the circuit breakers. */
public final class UpstreamFailureException extends AirbyteException {

    private final boolean retryable;

    UpstreamFailureException(Reason reason, int status, Duration retryAfter, String message, Throwable cause) {
        this(reason, status, retryAfter, message, cause, isTransient(reason, status));
    }

    private UpstreamFailureException(Reason reason, int status, Duration retryAfter, String message, Throwable cause,
            boolean retryable) {
        super(reason, status, retryAfter, message, cause);
        this.retryable = retryable;
    }

    /**
     * Whether repeating the same call may succeed: 502/503/504, 429 and dropped connections, unless Airbyte asked us to
     * wait longer than we are willing to.
     */
    public boolean isTransient() {
        return retryable;
    }

    /**
     * Whether the request certainly never reached Airbyte: the connection was refused before it was established. Only
     * then is a non-idempotent call (a create) safe to repeat; a reset, timeout or 5xx may follow a request Airbyte
     * already acted on.
     */
    public boolean neverConnected() {
        for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** This failure, not retryable if Airbyte asked for a wait longer than {@code longestWait}. */
    UpstreamFailureException limitRetryAfter(Duration longestWait) {
        if (retryable && retryAfter().filter(wait -> wait.compareTo(longestWait) > 0).isPresent()) {
            return new UpstreamFailureException(reason(), status(), retryAfter().get(),
                    getMessage() + " (Retry-After beyond the retry budget)",
                    getCause(), false);
        }
        return this;
    }

    private static boolean isTransient(Reason reason, int status) {
        return switch (reason) {
            case RATE_LIMITED, UNREACHABLE -> true;
            case UNAVAILABLE -> status == 502 || status == 503 || status == 504;
            default -> false;
        };
    }
}
