package io.embedded.gateway.rest;

/** JSON examples for the OpenAPI document. */
final class Examples {

    static final String WIDGET_TOKEN_REQUEST = """
            {"userId": "user_123"}""";

    static final String WIDGET_TOKEN_RESPONSE = """
            {
              "token": "eyJ0b2tlbiI6ImV5SmhiR2NpT2lKSVV6STFOaUo5Li4uIiwid2lkZ2V0VXJsIjoiaHR0cHM6Ly9hcHAuYWlyYnl0ZS5haS8uLi4ifQ==",
              "widgetUrl": "https://app.airbyte.ai/embedded-widget?workspaceId=3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f&allowedOrigin=https%3A%2F%2Fapp.partner.com",
              "workspaceId": "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
              "expiresAt": "2026-11-21T23:45:00Z"
            }""";

    static final String INVALID_REQUEST = """
            {
              "type": "urn:airbyte-embedded-gateway:problem:invalid-request",
              "title": "Invalid request",
              "status": 400,
              "detail": "The request body is invalid.",
              "instance": "/api/airbyte/widget-token",
              "errors": [{"pointer": "/userId", "detail": "must not be blank"}]
            }""";

    static final String UNAUTHENTICATED = """
            {
              "type": "urn:airbyte-embedded-gateway:problem:unauthenticated",
              "title": "Unauthenticated",
              "status": 401,
              "detail": "The request does not carry valid credentials for this gateway.",
              "instance": "/api/airbyte/widget-token"
            }""";

    static final String RATE_LIMITED = """
            {
              "type": "urn:airbyte-embedded-gateway:problem:rate-limited",
              "title": "Too many requests",
              "status": 429,
              "detail": "Too many token requests for this user. Try again later.",
              "instance": "/api/airbyte/widget-token"
            }""";

    static final String ORIGIN_NOT_ALLOWED = """
            {
              "type": "urn:airbyte-embedded-gateway:problem:origin-not-allowed",
              "title": "Origin not allowed",
              "status": 403,
              "detail": "This origin is not one of the gateway's configured frontend origins.",
              "instance": "/api/airbyte/widget-token"
            }""";

    static final String UPSTREAM_ERROR = """
            {
              "type": "urn:airbyte-embedded-gateway:problem:upstream-error",
              "title": "Airbyte failed",
              "status": 502,
              "detail": "Airbyte could not complete the request. Try again later.",
              "instance": "/api/airbyte/widget-token"
            }""";

    static final String UPSTREAM_RATE_LIMITED = """
            {
              "type": "urn:airbyte-embedded-gateway:problem:upstream-rate-limited",
              "title": "Airbyte is rate-limiting the gateway",
              "status": 503,
              "detail": "Airbyte is rate-limiting the gateway. Try again later.",
              "instance": "/api/airbyte/widget-token"
            }""";

    static final String UPSTREAM_TIMEOUT = """
            {
              "type": "urn:airbyte-embedded-gateway:problem:upstream-timeout",
              "title": "Airbyte did not answer in time",
              "status": 504,
              "detail": "Airbyte did not answer in time. Try again.",
              "instance": "/api/airbyte/widget-token"
            }""";

    private Examples() {
    }
}
