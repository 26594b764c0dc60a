package io.embedded.gateway.client;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Supplier;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.embedded.gateway.client.AirbyteException.Reason;
import io.embedded.gateway.client.AirbyteException.RefusedByAirbyte;

/** Classifies upstream statuses and transport errors into {@link AirbyteException}s. */
final class UpstreamStatus {

    private UpstreamStatus() {
    }

    static AirbyteException classify(int status, String retryAfterHeader) {
        if (status == 401 || status == 403) {
            return new RefusedByAirbyte(Reason.TOKEN_REJECTED, status, "Airbyte rejected the bearer token");
        }
        if (status == 429) {
            return new AirbyteException(Reason.RATE_LIMITED, status, parseRetryAfter(retryAfterHeader, Instant.now()),
                    "Airbyte rate-limited the call", null);
        }
        if (status >= 500) {
            return new AirbyteException(Reason.UNAVAILABLE, status, parseRetryAfter(retryAfterHeader, Instant.now()),
                    "Airbyte answered " + status, null);
        }
        return new RefusedByAirbyte(Reason.REQUEST_REJECTED, status, "Airbyte refused the request with " + status);
    }

    /**
     * Wraps a failure without an HTTP error status in our own exception; passes ours through. An answer that is not the
     * JSON we expect is a bad response, never a connection failure (Jackson's errors are {@code IOException}s too).
     */
    static AirbyteException classify(Throwable failure) {
        if (failure instanceof AirbyteException known) {
            return known;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException) {
                return new AirbyteException(Reason.BAD_RESPONSE, 0, null, "Airbyte's answer is not the JSON expected",
                        null);
            }
            // The REST client's request timeout (Vert.x's is a java.util.concurrent one), Netty's idle read and write
            // timeouts, and a socket's. A connect timeout is a ConnectException: Airbyte was never reached.
            if (cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof io.netty.handler.timeout.TimeoutException
                    || cause instanceof java.net.SocketTimeoutException) {
                return new AirbyteException(Reason.TIMEOUT, 0, null, "Airbyte did not answer in time", failure);
            }
            if (cause instanceof ConnectException || cause instanceof IOException) {
                return new AirbyteException(Reason.UNREACHABLE, 0, null, "Airbyte could not be reached", failure);
            }
        }
        return new AirbyteException(Reason.BAD_RESPONSE, 0, null, "Airbyte's answer could not be read", null);
    }

    /**
     * Fault tolerance's refusals to call Airbyte in our terms: the deadline passed, the breaker is open (Retry-After:
     * until it lets calls through again, {@code pausedFor}) or the bulkhead is full. Anything else passes through.
     */
    static Throwable classifyRefusal(Throwable failure, Supplier<Optional<Duration>> pausedFor) {
        if (failure instanceof CircuitBreakerOpenException) {
            return new AirbyteException(Reason.CIRCUIT_OPEN, 0, pausedFor.get().orElse(Duration.ofSeconds(1)),
                    "Airbyte has been failing; the circuit breaker pauses calls", null);
        }
        if (failure instanceof BulkheadException) {
            return new AirbyteException(Reason.BUSY, 0, Duration.ofSeconds(1), "Too many calls to Airbyte in progress",
                    null);
        }
        if (failure instanceof TimeoutException) {
            return new AirbyteException(Reason.TIMEOUT, 0, null, "Airbyte did not answer within the deadline", null);
        }
        return failure;
    }

    /** Parses {@code Retry-After} as delta-seconds or an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(now,
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
