package io.embedded.gateway.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.embedded.gateway.widget.ScopedToken;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A scoped token for a partner's own UI. */
@RegisterForReflection
@Schema(name = "ScopedTokenResponse")
public record ScopedTokenResponse(
        @Schema(description = "Bearer token limited to the caller's workspace", required = true) String token,
        @Schema(description = "The caller's Airbyte workspace, when the token names it") String workspaceId,
        @Schema(description = "When the token expires (ISO-8601)", required = true) Instant expiresAt) {

    static ScopedTokenResponse from(ScopedToken token) {
        return new ScopedTokenResponse(token.token(), token.workspaceId(), token.expiresAt());
    }
}
