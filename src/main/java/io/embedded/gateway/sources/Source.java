package io.embedded.gateway.sources;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

/** A source in the caller's workspace, reduced to what a frontend shows; never its configuration. */
public record Source(String id, String name, String sourceTemplateId, String sourceTemplateName, Instant createdAt,
        Instant updatedAt) {

    /**
     * Reads Airbyte's {@code Source} (create) or list item; the template is {@code source_template} or
     * {@code summarized_source_template}.
     */
    static Source from(JsonNode node) {
        JsonNode template = node.has("source_template") ? node.path("source_template")
                : node.path("summarized_source_template");
        return new Source(text(node, "id"), text(node, "name"), text(template, "id"), text(template, "name"),
                instant(node, "created_at"), instant(node, "updated_at"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notIso) {
            // FastAPI may omit the zone; Airbyte's timestamps are UTC.
            try {
                return java.time.LocalDateTime.parse(value).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
