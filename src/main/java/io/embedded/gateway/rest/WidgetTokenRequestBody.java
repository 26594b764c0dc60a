package io.embedded.gateway.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code POST /api/airbyte/widget-token}. */
@RegisterForReflection
@Schema(name = "WidgetTokenRequest")
public record WidgetTokenRequestBody(
        @Schema(description = "The partner's id for the end user; one Airbyte workspace per user. Letters, digits and . _ @ + : | - only.", example = "user_123", maxLength = 128) @NotBlank @Size(max = 128) @Pattern(regexp = "[\\p{L}\\p{N}._@+:|-]*", message = "may only contain letters, digits and . _ @ + : | -") String userId) {
}
