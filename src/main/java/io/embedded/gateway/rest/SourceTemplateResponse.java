package io.embedded.gateway.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.embedded.gateway.sources.SourceTemplate;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A source template the caller's frontend may offer. Fields the gateway does not know are absent, never empty or null. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "SourceTemplate")
public record SourceTemplateResponse(
        @Schema(description = "Template id; pass it as sourceTemplateId when creating a source", required = true) String id,
        @Schema(description = "Display name", required = true, example = "GitHub") String name,
        @Schema(description = "Icon (URL or inline SVG), when Airbyte has one") String icon,
        @Schema(description = "The template's tags", required = true) List<String> tags,
        @Schema(description = "JSON pointers into `configuration` of the fields the user must supply (those the template defaults are left out); absent from a list whose items Airbyte sent without their specification", example = "[\"/credentials/access_token\"]") List<String> requiredFields,
        @Schema(description = "Only on GET /source-templates/{id}: the JSON Schema (draft-07) of `configuration`, without the fields the template already defaults") JsonNode userConfigSpec) {

    static SourceTemplateResponse summary(SourceTemplate template) {
        return new SourceTemplateResponse(template.id(), template.name(), template.icon(),
                template.tags().stream().sorted().toList(), template.specified() ? template.requiredFields() : null, null);
    }

    static SourceTemplateResponse detail(SourceTemplate template) {
        return new SourceTemplateResponse(template.id(), template.name(), template.icon(),
                template.tags().stream().sorted().toList(), template.requiredFields(), template.userSpecification());
    }
}
