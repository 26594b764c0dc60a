package io.embedded.gateway.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.embedded.gateway.widget.WidgetToken;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A widget token for the frontend, with the fields the frontend would otherwise have to decode itself. */
@RegisterForReflection
@Schema(name = "WidgetTokenResponse")
public record WidgetTokenResponse(
        @Schema(description = "Airbyte's widget token, unchanged; pass it to new AirbyteEmbeddedWidget({token})", required = true) String token,
        @Schema(description = "URL of the widget's iframe, decoded from the token", required = true) String widgetUrl,
        @Schema(description = "The Airbyte workspace of the caller", required = true, example = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f") String workspaceId,
        @Schema(description = "When the token expires (ISO-8601); mint a new one and call widget.updateToken() before then", required = true, example = "2026-11-21T23:45:00Z") Instant expiresAt) {

    static WidgetTokenResponse from(WidgetToken token) {
        return new WidgetTokenResponse(token.token(), token.widgetUrl(), token.workspaceId(), token.expiresAt());
    }
}
