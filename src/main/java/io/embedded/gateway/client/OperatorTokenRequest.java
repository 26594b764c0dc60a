package io.embedded.gateway.client;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of Airbyte's operator-token exchange. The secret never appears in {@link #toString()}. */
@RegisterForReflection
record OperatorTokenRequest(@JsonProperty("client_id") String clientId, @JsonProperty("client_secret") String clientSecret)
        implements
            AirbyteRequestBody {

    @Override
    public String toString() {
        return "OperatorTokenRequest[clientId=" + clientId + ", clientSecret=<redacted>]";
    }
}
