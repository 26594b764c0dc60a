package io.embedded.gateway.client;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of Airbyte's scoped-token call; Airbyte gets or creates the workspace by this name. */
@RegisterForReflection
public record ScopedTokenRequest(@JsonProperty("workspace_name") String workspaceName) implements AirbyteRequestBody {
}
