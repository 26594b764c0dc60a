package io.embedded.gateway.client;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** How a list of template tags combines, as Airbyte spells it. */
// Jackson finds @JsonValue by reflecting on the declared methods; unregistered, a native image would send "ANY".
@RegisterForReflection
public enum TagMode {
    ANY,
    ALL;

    /** Airbyte's lower-case wire value. */
    @JsonValue
    public String wireValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
