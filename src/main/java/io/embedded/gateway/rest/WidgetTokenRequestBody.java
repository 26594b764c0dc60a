package io.embedded.gateway.rest;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code POST /api/airbyte/widget-token}. */
@RegisterForReflection
@Schema(name = "WidgetTokenRequest")
public record WidgetTokenRequestBody(
        @Schema(description = "Only when gateway.identity.mode=body: the partner's id for the end user. Ignored in jwt and header modes, where the caller's credentials name the user. Letters, digits and . _ @ + : | - only.", example = "user_123", minLength = 1, maxLength = 128) @Size(min = 1, max = 128) @Pattern(regexp = "[\\p{L}\\p{N}._@+:|-]*", message = "may only contain letters, digits and . _ @ + : | -") String userId) {
}
