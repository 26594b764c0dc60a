package io.embedded.gateway.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code POST /api/airbyte/events}: the widget's {@code source_created}, forwarded by the partner's frontend. */
@RegisterForReflection
@Schema(name = "SourceEventReport")
public record SourceEventRequestBody(
        @UserId String userId,
        @Schema(description = "The widget's event type; only source_created is reported", required = true, enumeration = "source_created") @NotNull @Pattern(regexp = SourceEventRequestBody.SOURCE_CREATED, message = "must be source_created") String type,
        @Schema(description = "The created source's id (the widget event's data.id)", required = true, format = "uuid") @NotNull @Pattern(regexp = SourceEventRequestBody.UUID, message = "must be a UUID") String sourceId) {

    static final String SOURCE_CREATED = "source_created";
    static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
}
