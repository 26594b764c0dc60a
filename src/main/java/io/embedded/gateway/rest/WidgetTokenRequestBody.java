package io.embedded.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code POST /api/airbyte/widget-token}. */
@RegisterForReflection
@Schema(name = "WidgetTokenRequest")
public record WidgetTokenRequestBody(
        @UserId String userId) {
}
