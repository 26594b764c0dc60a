package io.embedded.gateway.rest;

/** JSON examples for the OpenAPI document; problem examples come from the catalogue (OpenApiProblemResponses). */
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

    static final String SOURCE_TEMPLATES_RESPONSE = """
            [
              {
                "id": "9a1f6a52-8a47-4d1e-9f0e-6c2b8f0d3a11",
                "name": "GitHub",
                "icon": "https://connectors.airbyte.com/files/metadata/airbyte/source-github/latest/icon.svg",
                "tags": ["dev", "pro"],
                "requiredFields": ["/credentials/access_token", "/repositories"]
              }
            ]""";

    static final String SOURCE_TEMPLATE_RESPONSE = """
            {
              "id": "9a1f6a52-8a47-4d1e-9f0e-6c2b8f0d3a11",
              "name": "GitHub",
              "tags": ["dev", "pro"],
              "requiredFields": ["/credentials/access_token", "/repositories"],
              "userConfigSpec": {
                "$schema": "http://json-schema.org/draft-07/schema#",
                "type": "object",
                "required": ["credentials", "repositories"],
                "properties": {
                  "credentials": {"type": "object", "required": ["access_token"],
                    "properties": {"access_token": {"type": "string", "airbyte_secret": true}}},
                  "repositories": {"type": "array", "items": {"type": "string"}}
                }
              }
            }""";

    static final String CREATE_SOURCE_REQUEST = """
            {
              "userId": "user_123",
              "sourceTemplateId": "9a1f6a52-8a47-4d1e-9f0e-6c2b8f0d3a11",
              "name": "GitHub - acme",
              "configuration": {"credentials": {"access_token": "<token>"}, "repositories": ["acme/app"]}
            }""";

    static final String SOURCE_RESPONSE = """
            {
              "id": "5b0c9e1d-1f3a-4e7b-8c2d-3a4b5c6d7e8f",
              "name": "GitHub - acme",
              "sourceTemplateId": "9a1f6a52-8a47-4d1e-9f0e-6c2b8f0d3a11",
              "sourceTemplateName": "GitHub",
              "createdAt": "2026-11-21T23:25:00Z",
              "updatedAt": "2026-11-21T23:25:00Z"
            }""";

    static final String SOURCES_RESPONSE = "[" + SOURCE_RESPONSE + "]";

    static final String SCOPED_TOKEN_RESPONSE = """
            {
              "token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...",
              "workspaceId": "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
              "expiresAt": "2026-11-21T23:45:00Z"
            }""";

    static final String VALIDATION_FAILED = """
            {
              "type": "urn:airbyte-embedded-gateway:problem:validation-failed",
              "title": "Validation failed",
              "status": 422,
              "detail": "The configuration does not match the source template.",
              "instance": "/api/airbyte/sources",
              "errors": [
                {"pointer": "/configuration/credentials/access_token", "detail": "is required"},
                {"pointer": "/configuration/start_date", "detail": "must be of type string"}
              ]
            }""";

    static final String SOURCE_EVENT_REQUEST = """
            {
              "type": "source_created",
              "sourceId": "5b0c9e1d-1f3a-4e7b-8c2d-3a4b5c6d7e8f"
            }""";

    static final String SOURCE_NOT_FOUND = """
            {
              "type": "urn:airbyte-embedded-gateway:problem:not-found",
              "title": "Not found",
              "status": 404,
              "detail": "No such source in the caller's workspace.",
              "instance": "/api/airbyte/events"
            }""";

    static final String EVENT_STORE_UNAVAILABLE = """
            {
              "type": "urn:airbyte-embedded-gateway:problem:idempotency-unavailable",
              "title": "Idempotency cannot be guaranteed right now",
              "status": 503,
              "detail": "The gateway's shared store is unavailable, so the event cannot be stored and will not be sent. Try again later.",
              "instance": "/api/airbyte/events"
            }""";

    static final String TEMPLATE_NOT_FOUND = """
            {
              "type": "urn:airbyte-embedded-gateway:problem:not-found",
              "title": "Not found",
              "status": 404,
              "detail": "No such source template.",
              "instance": "/api/airbyte/source-templates/9a1f6a52-8a47-4d1e-9f0e-6c2b8f0d3a11"
            }""";

    private Examples() {
    }
}
