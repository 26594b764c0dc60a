package io.embedded.gateway.errors;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue of problems the gateway answers with; each {@code type} URI is stable and documented in README.md's error
 * table.
 */
public enum ProblemType {

    INVALID_REQUEST(400, "Invalid request", "The request body is invalid."),
    UNAUTHENTICATED(401, "Unauthenticated", "The request does not carry valid credentials for this gateway."),
    ORIGIN_NOT_ALLOWED(403, "Origin not allowed", "This origin is not one of the gateway's configured frontend origins."),
    NOT_FOUND(404, "Not found", "No such resource."),
    METHOD_NOT_ALLOWED(405, "Method not allowed", "This resource does not support the method."),
    NOT_ACCEPTABLE(406, "Not acceptable", "This resource answers with application/json only."),
    IDEMPOTENCY_KEY_IN_USE(409, "A request with this Idempotency-Key is in progress",
            "The first request with this Idempotency-Key has not finished. Retry once it has to get its answer."),
    IDEMPOTENCY_OUTCOME_UNKNOWN(409, "The outcome of the request with this Idempotency-Key is unknown",
            "The first request with this Idempotency-Key did not finish, so it may or may not have created the source; "
                    + "it will not run again. List the sources (GET /api/airbyte/sources) and create again with a new "
                    + "key if it is not there."),
    PAYLOAD_TOO_LARGE(413, "Payload too large", "The request body is too large."),
    URI_TOO_LONG(414, "URI too long", "The request URI is too long."),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type", "Send the request body as application/json."),
    RATE_LIMITED(429, "Too many requests", "Too many requests for this user or this gateway. Try again later."),
    HEADERS_TOO_LARGE(431, "Request headers too large", "The request headers are too large."),
    VALIDATION_FAILED(422, "Validation failed", "The configuration does not match the source template."),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency-Key reused for another request",
            "This Idempotency-Key was used with a different request. Use a new key for a new request."),
    INTERNAL_ERROR(500, "Internal error", "The gateway failed unexpectedly."),
    UPSTREAM_CREDENTIALS_REJECTED(502, "Airbyte rejected the gateway's credentials",
            "Airbyte rejected the gateway's credentials. Ask the operator to check them."),
    UPSTREAM_ERROR(502, "Airbyte failed", "Airbyte could not complete the request. Try again later."),
    UPSTREAM_BAD_RESPONSE(502, "Airbyte returned an unusable answer", "Airbyte returned an answer the gateway cannot use."),
    UPSTREAM_RATE_LIMITED(503, "Airbyte is rate-limiting the gateway",
            "Airbyte is rate-limiting the gateway. Try again later."),
    UPSTREAM_CIRCUIT_OPEN(503, "Airbyte is failing; calls are paused",
            "Airbyte has been failing; calls are paused. Try again later."),
    GATEWAY_BUSY(503, "Too many calls to Airbyte in progress",
            "Too many requests to Airbyte are in progress. Try again shortly."),
    SHUTTING_DOWN(503, "The gateway is shutting down",
            "This gateway instance is shutting down. Retry the request: it will reach another instance."),
    IDENTITY_PROVIDER_UNAVAILABLE(503, "The identity provider's keys cannot be fetched",
            "The gateway cannot fetch the identity provider's keys to verify the bearer token. Try again later."),
    IDEMPOTENCY_UNAVAILABLE(503, "Idempotency cannot be guaranteed right now",
            "The gateway's shared store is unavailable, so a request with an Idempotency-Key cannot be promised to run "
                    + "once. Try again later."),
    UPSTREAM_TIMEOUT(504, "Airbyte did not answer in time", "Airbyte did not answer in time. Try again.");

    private static final String TYPE_PREFIX = "urn:airbyte-embedded-gateway:problem:";
    /** Refusals the framework or the router reports as a bare status; each status names exactly one of them. */
    private static final Set<ProblemType> HTTP_REFUSALS = EnumSet.of(INVALID_REQUEST, NOT_FOUND, METHOD_NOT_ALLOWED,
            NOT_ACCEPTABLE, PAYLOAD_TOO_LARGE, URI_TOO_LONG, UNSUPPORTED_MEDIA_TYPE, HEADERS_TOO_LARGE);

    private final int status;
    private final String title;
    private final String detail;
    private final String type;

    ProblemType(int status, String title, String detail) {
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.type = TYPE_PREFIX + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** What the problem usually means for the caller; answers may say more precisely what happened. */
    public String detail() {
        return detail;
    }

    /** The problem for a status the framework or the router refused a request with, when it is one of ours. */
    public static Optional<ProblemType> ofHttpRefusal(int status) {
        return HTTP_REFUSALS.stream().filter(type -> type.status == status).findFirst();
    }

    /** The detail of such a refusal: without a field to name, a 400 says the request is malformed, not its body. */
    public String httpRefusalDetail() {
        return this == INVALID_REQUEST ? "The request is malformed." : detail;
    }

    /** The last segment of {@link #type()}, e.g. {@code invalid-request}. */
    public String slug() {
        return type.substring(TYPE_PREFIX.length());
    }

    /** The problem's {@code type} URI. */
    public String type() {
        return type;
    }
}
