package io.embedded.gateway.errors;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.logging.Log;

/**
 * Builds every problem response from the {@link ProblemType} catalogue, and holds the one logging policy for them: our
 * bugs at ERROR with their stack trace; failures of what we depend on at WARN, once per request, unless their state
 * change is already logged once where it happens; the caller's mistakes, and everything else, at DEBUG.
 */
public final class ProblemResponses {

    /** Field errors listed in one problem at most; the detail says how many more there were. */
    static final int MAX_FIELD_ERRORS = 20;

    static final int MAX_POINTER_LENGTH = Problem.FieldError.MAX_POINTER_LENGTH;

    static final String PROBLEM_JSON = Problem.MEDIA_TYPE;

    /**
     * Failures whose cause is logged once when it starts and when it ends (breakers, credentials, the identity
     * provider's keys, the shared store, shutdown, our own bugs), so an outage is not also one line per request.
     */
    private static final Set<ProblemType> LOGGED_WHERE_THEY_HAPPEN = EnumSet.of(ProblemType.INTERNAL_ERROR,
            ProblemType.UPSTREAM_CIRCUIT_OPEN, ProblemType.UPSTREAM_CREDENTIALS_REJECTED,
            ProblemType.IDENTITY_PROVIDER_UNAVAILABLE, ProblemType.IDEMPOTENCY_UNAVAILABLE, ProblemType.SHUTTING_DOWN);

    private ProblemResponses() {
    }

    /** A 500 for a failure nobody foresaw: our bug, logged at ERROR with its stack trace. */
    static Response internalError(Throwable e, UriInfo uri) {
        Log.errorf(e, "Unexpected failure on %s", uri.getPath());
        return problem(ProblemType.INTERNAL_ERROR, uri);
    }

    /** The problem {@code type} with its default detail, for a filter that refuses a request before any resource. */
    public static Response problem(ProblemType type, UriInfo uri) {
        return problem(type, type.detail(), List.of(), uri, null);
    }

    static Response problem(ProblemType type, String detail, UriInfo uri) {
        return problem(type, detail, List.of(), uri, null);
    }

    static Response problem(ProblemType type, String detail, List<Problem.FieldError> errors, UriInfo uri,
            Duration retryAfter) {
        return problem(type, detail, errors, uri, retryAfter, null);
    }

    /** A problem whose log line says what happened in {@code cause}: our own words, never a value from a request. */
    static Response problem(ProblemType type, String detail, List<Problem.FieldError> errors, UriInfo uri,
            Duration retryAfter, String cause) {
        log(type, uri, cause);
        // A small request can name thousands of invalid fields (one per array item); the first ones are enough to act on.
        if (errors.size() > MAX_FIELD_ERRORS) {
            detail = detail + " " + (errors.size() - MAX_FIELD_ERRORS) + " more invalid fields are not listed.";
            errors = errors.subList(0, MAX_FIELD_ERRORS);
        }
        // Pointers name fields the caller chose (an unknown field, a configuration key): up to a whole body's length each.
        errors = errors.stream().map(ProblemResponses::bounded).toList();
        Response.ResponseBuilder builder = Response.status(type.status()).type(PROBLEM_JSON)
                .entity(body(type, detail, errors, uri.getPath()));
        Optional.ofNullable(retryAfter)
                .ifPresent(delay -> builder.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(delay)));
        return builder.build();
    }

    /** The body of {@code type}'s problem: title and status from the catalogue, the rest as given. */
    static Problem body(ProblemType type, String detail, List<Problem.FieldError> errors, String instance) {
        return new Problem(type.type(), type.title(), type.status(), detail, instance, errors);
    }

    /** {@code Retry-After} in whole seconds, rounded up and at least 1: a client told 0 would retry at once. */
    static long retryAfterSeconds(Duration delay) {
        return Math.max(1, ceilSeconds(delay));
    }

    /** {@code error} with its pointer cut to {@link #MAX_POINTER_LENGTH} characters and {@code …}, never mid-pair. */
    private static Problem.FieldError bounded(Problem.FieldError error) {
        String pointer = error.pointer();
        if (pointer.length() <= MAX_POINTER_LENGTH) {
            return error;
        }
        int end = Character.isHighSurrogate(pointer.charAt(MAX_POINTER_LENGTH - 1)) ? MAX_POINTER_LENGTH - 1
                : MAX_POINTER_LENGTH;
        return new Problem.FieldError(pointer.substring(0, end) + "…", error.detail());
    }

    private static void log(ProblemType type, UriInfo uri, String cause) {
        String line = cause == null ? type.slug() : type.slug() + ": " + cause;
        if (type.status() >= 500 && !LOGGED_WHERE_THEY_HAPPEN.contains(type)) {
            Log.warnf("%s on %s", line, uri.getPath());
        } else {
            Log.debugf("%s on %s", line, uri.getPath());
        }
    }

    private static long ceilSeconds(Duration delay) {
        return delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
    }
}
