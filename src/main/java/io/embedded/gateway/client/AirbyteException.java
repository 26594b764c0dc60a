package io.embedded.gateway.client;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;

/**
 * The one way a call to Airbyte fails: {@link #reason()} says why, {@link #status()} what Airbyte answered, if it did.
 * Messages are ours and never hold an upstream body or a secret. Create them through the factories here; the
 * package-private {@link RefusedByAirbyte} subclass only lets circuit breakers skip Airbyte's deliberate refusals.
 */
public class AirbyteException extends RuntimeException {

    /** Why a call failed, as far as callers of the gateway need to know. */
    public enum Reason {
        /** Airbyte refused our client credentials, or even a freshly issued operator token. */
        CREDENTIALS_REJECTED,
        /** Airbyte refused our operator token (expired or revoked); a fresh one may work. */
        TOKEN_REJECTED,
        /** Airbyte refused the request itself (a 4xx other than 401, 403 and 429). */
        REQUEST_REJECTED,
        /** Airbyte asked us to slow down (429). */
        RATE_LIMITED,
        /** Airbyte answered with a 5xx. */
        UNAVAILABLE,
        /** Airbyte could not be reached or dropped the connection. */
        UNREACHABLE,
        /** Airbyte did not answer within the deadline. */
        TIMEOUT,
        /** Airbyte answered 2xx with something we cannot use. */
        BAD_RESPONSE,
        /** Airbyte has been failing, so its circuit breaker pauses calls; nothing was sent. */
        CIRCUIT_OPEN,
        /** Too many calls to Airbyte are already in progress (the bulkhead is full); nothing was sent. */
        BUSY
    }

    private final Reason reason;
    private final int status;
    private final transient Duration retryAfter;
    private final boolean retryable;

    AirbyteException(Reason reason, int status, Duration retryAfter, String message, Throwable cause) {
        this(reason, status, retryAfter, message, cause, isTransient(reason, status));
    }

    private AirbyteException(Reason reason, int status, Duration retryAfter, String message, Throwable cause,
            boolean retryable) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
        this.retryAfter = retryAfter;
        this.retryable = retryable;
    }

    /** Airbyte answered 2xx with something unusable; {@code what} says what, in our words. */
    public static AirbyteException badResponse(String what) {
        return new AirbyteException(Reason.BAD_RESPONSE, 200, null, "Airbyte's answer was unusable: " + what, null);
    }

    /** Airbyte refused our client credentials (or a freshly issued operator token) with {@code status}. */
    public static AirbyteException credentialsRejected(int status) {
        return new RefusedByAirbyte(Reason.CREDENTIALS_REJECTED, status, "Airbyte rejected the client credentials");
    }

    public Reason reason() {
        return reason;
    }

    /** The upstream HTTP status, or 0 when there was no response. */
    public int status() {
        return status;
    }

    /** How long to wait before trying again, when Airbyte or the breaker said so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
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
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether Airbyte may have acted on the request although the call failed: a 5xx, a timeout, a dropped connection or
     * an unusable 2xx. Its refusals (401, 403, other 4xx, 429) and the calls never sent (open breaker, full bulkhead,
     * refused connection) did nothing.
     */
    public boolean mayHaveActed() {
        return switch (reason) {
            case UNAVAILABLE, TIMEOUT, BAD_RESPONSE -> true;
            case UNREACHABLE -> !neverConnected();
            default -> false;
        };
    }

    /** This failure, not retryable if Airbyte asked for a wait longer than {@code longestWait}. */
    AirbyteException limitRetryAfter(Duration longestWait) {
        if (retryable && retryAfter().filter(wait -> wait.compareTo(longestWait) > 0).isPresent()) {
            return new AirbyteException(reason, status, retryAfter,
                    getMessage() + " (Retry-After beyond the retry budget)", getCause(), false);
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

    /** Airbyte is up and refused our credentials, token or request: never retried as is, never trips a breaker. */
    static final class RefusedByAirbyte extends AirbyteException {

        RefusedByAirbyte(Reason reason, int status, String message) {
            super(reason, status, null, message, null);
        }
    }
}
