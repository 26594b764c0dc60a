package io.embedded.gateway.config;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a list of template tags combines, as Airbyte spells it. */
public enum TagMode {
    ANY,
    ALL;

    /** Airbyte's lower-case wire value. */
    @JsonValue
    public String wireValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
