package io.embedded.gateway.widget;

import java.time.Instant;

/** A workspace-scoped Airbyte token for partners with their own UI. The token never appears in {@link #toString()}. */
public record ScopedToken(String token, String workspaceId, Instant expiresAt) {

    @Override
    public String toString() {
        return "ScopedToken[workspaceId=" + workspaceId + ", expiresAt=" + expiresAt + ", token=<redacted>]";
    }
}
