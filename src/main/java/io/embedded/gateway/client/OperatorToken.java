package io.embedded.gateway.client;

import java.time.Duration;
import java.time.Instant;

/** An Airbyte operator (application) token and when it expires. Its value never appears in {@link #toString()}. */
public record OperatorToken(String accessToken, Instant expiresAt, Duration lifetime) {

    /** The {@code Authorization} header value for calls made with this token. */
    public String authorization() {
        return "Bearer " + accessToken;
    }

    /** How long to keep this token: its lifetime minus a margin of at most a tenth of that lifetime. */
    public Duration cacheFor(Duration refreshMargin) {
        Duration tenth = lifetime.dividedBy(10);
        Duration margin = refreshMargin.compareTo(tenth) < 0 ? refreshMargin : tenth;
        return lifetime.minus(margin);
    }

    @Override
    public String toString() {
        return "OperatorToken[expiresAt=" + expiresAt + ", value=<redacted>]";
    }
}
