package io.embedded.gateway.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code POST /api/airbyte/sources}. The configuration holds secrets, so {@link #toString()} omits it. */
@RegisterForReflection
@Schema(name = "CreateSourceRequest")
public record CreateSourceRequestBody(
        @UserId String userId,
        @Schema(description = "Id of a template from GET /api/airbyte/source-templates", required = true) @NotBlank @Size(max = 64) String sourceTemplateId,
        @Schema(description = "Display name; Airbyte picks one when absent", maxLength = 256) @Size(max = 256) String name,
        @Schema(description = "The connector configuration: a JSON object matching the template's userConfigSpec", required = true) @NotNull JsonNode configuration) {

    @Override
    public String toString() {
        return "CreateSourceRequestBody[userId=" + userId + ", sourceTemplateId=" + sourceTemplateId + ", name=" + name
                + ", configuration=<redacted>]";
    }
}
