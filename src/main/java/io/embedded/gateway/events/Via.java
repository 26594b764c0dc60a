package io.embedded.gateway.events;

import java.util.Locale;

/** How the gateway learned of a source. */
public enum Via {
    /** Created through {@code POST /api/airbyte/sources}. */
    API,
    /** Created in the widget and reported by the partner's frontend through {@code POST /api/airbyte/events}. */
    WIDGET;

    /** The value in the event's {@code data.via}. */
    String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
