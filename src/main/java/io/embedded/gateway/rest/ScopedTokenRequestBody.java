package io.embedded.gateway.rest;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code POST /api/airbyte/scoped-token}. */
@RegisterForReflection
@Schema(name = "ScopedTokenRequest")
public record ScopedTokenRequestBody(
        @Schema(description = "The partner's id for the end user (only when gateway.identity.mode=body; ignored in jwt and header modes)", example = "user_123", maxLength = 128) @Size(min = 1, max = 128) @Pattern(regexp = "[\\p{L}\\p{N}._@+:|-]*", message = "may only contain letters, digits and . _ @ + : | -") String userId) {
}
