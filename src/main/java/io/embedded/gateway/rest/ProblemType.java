package io.embedded.gateway.rest;

/**
 * The catalogue of problems the gateway answers with; each {@code type} URI is stable and documented in README.md's error
 * table.
 */
public enum ProblemType {

    INVALID_REQUEST(400, "Invalid request"),
    UNAUTHENTICATED(401, "Unauthenticated"),
    ORIGIN_NOT_ALLOWED(403, "Origin not allowed"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    URI_TOO_LONG(414, "URI too long"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    RATE_LIMITED(429, "Too many requests"),
    HEADERS_TOO_LARGE(431, "Request headers too large"),
    VALIDATION_FAILED(422, "Validation failed"),
    INTERNAL_ERROR(500, "Internal error"),
    UPSTREAM_CREDENTIALS_REJECTED(502, "Airbyte rejected the gateway's credentials"),
    UPSTREAM_ERROR(502, "Airbyte failed"),
    UPSTREAM_BAD_RESPONSE(502, "Airbyte returned an unusable answer"),
    UPSTREAM_RATE_LIMITED(503, "Airbyte is rate-limiting the gateway"),
    UPSTREAM_CIRCUIT_OPEN(503, "Airbyte is failing; calls are paused"),
    GATEWAY_BUSY(503, "Too many calls to Airbyte in progress"),
    SHUTTING_DOWN(503, "The gateway is shutting down"),
    IDENTITY_PROVIDER_UNAVAILABLE(503, "The identity provider's keys cannot be fetched"),
    UPSTREAM_TIMEOUT(504, "Airbyte did not answer in time");

    private static final String TYPE_PREFIX = "urn:airbyte-embedded-gateway:problem:";

    private final int status;
    private final String title;
    private final String type;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
        this.type = TYPE_PREFIX + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The problem's {@code type} URI. */
    public String type() {
        return type;
    }
}
