package io.embedded.gateway.client;

import java.time.Duration;
import java.util.Optional;

/** A call to Airbyte did not produce a usable answer; {@link #reason()} says why, without any upstream body. */
public abstract sealed class AirbyteException extends RuntimeException
        permits UpstreamFailureException, UpstreamRejectedException {

    /** Why a call failed, as far as callers of the gateway need to know. */
    public enum Reason {
        /** Airbyte refused our client credentials. */
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
        BAD_RESPONSE
    }

    private final Reason reason;
    private final int status;
    private final transient Duration retryAfter;

    AirbyteException(Reason reason, int status, Duration retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    /** The upstream HTTP status, or 0 when there was no response. */
    public int status() {
        return status;
    }

    /** How long Airbyte asked us to wait, when it said so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
