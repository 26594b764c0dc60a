package io.embedded.gateway.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Body of Airbyte's connector (source) create. The configuration goes in {@code replication_config} for replication
 * templates and in {@code credentials} for direct ones. It holds the user's secrets, so {@link #toString()} omits it.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateSourceRequest(
        @JsonProperty("workspace_name") String workspaceName,
        @JsonProperty("source_template_id") String sourceTemplateId,
        @JsonProperty("name") String name,
        @JsonProperty("replication_config") ObjectNode replicationConfig,
        @JsonProperty("credentials") ObjectNode credentials) implements AirbyteRequestBody {

    @Override
    public String toString() {
        return "CreateSourceRequest[workspaceName=" + workspaceName + ", sourceTemplateId=" + sourceTemplateId
                + ", configuration=<redacted>]";
    }
}
