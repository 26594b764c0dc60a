package io.embedded.gateway.client;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import io.embedded.gateway.client.AirbyteException.Reason;

/** Classifies upstream statuses and transport errors into {@link AirbyteException}s. */
final class UpstreamStatus {

    private UpstreamStatus() {
    }

    static AirbyteException classify(int status, String retryAfterHeader) {
        if (status == 401 || status == 403) {
            return new UpstreamRejectedException(Reason.TOKEN_REJECTED, status, "Airbyte rejected the bearer token");
        }
        if (status == 429) {
            return new UpstreamFailureException(Reason.RATE_LIMITED, status, parseRetryAfter(retryAfterHeader, Instant.now()),
                    "Airbyte rate-limited the call", null);
        }
        if (status >= 500) {
            return new UpstreamFailureException(Reason.UNAVAILABLE, status, parseRetryAfter(retryAfterHeader, Instant.now()),
                    "Airbyte answered " + status, null);
        }
        return new UpstreamRejectedException(Reason.REQUEST_REJECTED, status, "Airbyte refused the request with " + status);
    }

    /** Wraps a transport-level failure (no HTTP status) in our own exception; passes ours through. */
    static AirbyteException classify(Throwable failure) {
        if (failure instanceof AirbyteException known) {
            return known;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // Vert.x and Netty report timeouts with several exception types; their names are the stable part.
            if (cause instanceof java.util.concurrent.TimeoutException
                    || cause.getClass().getSimpleName().contains("Timeout")) {
                return new UpstreamFailureException(Reason.TIMEOUT, 0, null, "Airbyte did not answer in time", failure);
            }
            if (cause instanceof ConnectException || cause instanceof IOException) {
                return new UpstreamFailureException(Reason.UNREACHABLE, 0, null, "Airbyte could not be reached", failure);
            }
        }
        return new UpstreamFailureException(Reason.BAD_RESPONSE, 0, null, "Airbyte's answer could not be read", failure);
    }

    static UpstreamFailureException badResponse(String what) {
        return new UpstreamFailureException(Reason.BAD_RESPONSE, 200, null, "Airbyte's answer was unusable: " + what, null);
    }

    static UpstreamRejectedException credentialsRejected(int status) {
        return new UpstreamRejectedException(Reason.CREDENTIALS_REJECTED, status, "Airbyte rejected the client credentials");
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
