package io.embedded.gateway.rest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.logging.Log;

/** Builds every problem response from the {@link ProblemType} catalogue; 4xx are logged at DEBUG, our bugs at ERROR. */
final class ProblemResponses {

    /** Field errors listed in one problem at most; the detail says how many more there were. */
    static final int MAX_FIELD_ERRORS = 20;

    static final String PROBLEM_JSON = "application/problem+json";

    private ProblemResponses() {
    }

    /** A 500 for a failure nobody foresaw: our bug, logged at ERROR with its stack trace. */
    static Response internalError(Throwable e, UriInfo uri) {
        Log.errorf(e, "Unexpected failure on %s", uri.getPath());
        return problem(ProblemType.INTERNAL_ERROR, uri);
    }

    static Response problem(ProblemType type, UriInfo uri) {
        return problem(type, type.detail(), List.of(), uri, null);
    }

    static Response problem(ProblemType type, String detail, UriInfo uri) {
        return problem(type, detail, List.of(), uri, null);
    }

    static Response problem(ProblemType type, String detail, List<Problem.FieldError> errors, UriInfo uri,
            Duration retryAfter) {
        if (type.status() < 500) {
            Log.debugf("%s on %s", type.type(), uri.getPath());
        }
        // A small request can name thousands of invalid fields (one per array item); the first ones are enough to act on.
        if (errors.size() > MAX_FIELD_ERRORS) {
            detail = detail + " " + (errors.size() - MAX_FIELD_ERRORS) + " more invalid fields are not listed.";
            errors = errors.subList(0, MAX_FIELD_ERRORS);
        }
        var problem = new Problem(type.type(), type.title(), type.status(), detail, uri.getPath(), errors);
        Response.ResponseBuilder builder = Response.status(type.status()).type(PROBLEM_JSON).entity(problem);
        Optional.ofNullable(retryAfter)
                .ifPresent(delay -> builder.header(HttpHeaders.RETRY_AFTER, Math.max(1, ceilSeconds(delay))));
        return builder.build();
    }

    private static long ceilSeconds(Duration delay) {
        return delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
    }
}
