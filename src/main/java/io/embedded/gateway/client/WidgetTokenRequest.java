package io.embedded.gateway.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of Airbyte's widget-token call. Tag fields are left out when unset so Airbyte applies its own defaults. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WidgetTokenRequest(
        @JsonProperty("workspace_name") String workspaceName,
        @JsonProperty("allowed_origin") String allowedOrigin,
        @JsonProperty("selected_source_template_tags") List<String> sourceTemplateTags,
        @JsonProperty("selected_source_template_tags_mode") TagMode sourceTemplateTagsMode,
        @JsonProperty("selected_connection_template_tags") List<String> connectionTemplateTags,
        @JsonProperty("selected_connection_template_tags_mode") TagMode connectionTemplateTagsMode)
        implements
            AirbyteRequestBody {
}
