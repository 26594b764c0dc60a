package io.embedded.gateway.widget;

import java.time.Instant;

/** A widget token as Airbyte returned it, plus what we decoded from it. The token never appears in {@link #toString()}. */
public record WidgetToken(String token, String widgetUrl, String workspaceId, Instant expiresAt) {

    @Override
    public String toString() {
        return "WidgetToken[workspaceId=" + workspaceId + ", expiresAt=" + expiresAt + ", token=<redacted>]";
    }
}
