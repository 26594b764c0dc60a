package io.embedded.gateway.events;

/**
 * An event as the store keeps it: the webhook id (the same for every attempt), the source it is about (one event per
 * source, ever), the exact body every attempt sends, and when it was stored (epoch milliseconds).
 */
record StoredEvent(String webhookId, String sourceId, String body, long createdMillis) {

    /** The webhook id of the event about {@code sourceId}: derived from it, so it is the same wherever it is built. */
    static String webhookIdOf(String sourceId) {
        return "msg_" + sourceId.replace("-", "");
    }

    @Override
    public String toString() {
        // The body names the user.
        return "StoredEvent[webhookId=" + webhookId + ", sourceId=" + sourceId + ", body=<redacted>]";
    }
}
