package io.embedded.gateway.rest;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.embedded.gateway.sources.Source;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A source in the caller's workspace; its configuration is never returned. What Airbyte did not say is absent. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Source")
public record SourceResponse(
        @Schema(description = "Airbyte's source id", required = true) String id,
        @Schema(description = "Display name", required = true) String name,
        @Schema(description = "The template it was created from") String sourceTemplateId,
        @Schema(description = "That template's name, when Airbyte names it (its source lists may not)") String sourceTemplateName,
        @Schema(description = "When it was created (ISO-8601)") Instant createdAt,
        @Schema(description = "When it was last changed (ISO-8601)") Instant updatedAt) {

    static SourceResponse from(Source source) {
        return new SourceResponse(source.id(), source.name(), source.sourceTemplateId(), source.sourceTemplateName(),
                source.createdAt(), source.updatedAt());
    }
}
