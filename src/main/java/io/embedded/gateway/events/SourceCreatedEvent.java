package io.embedded.gateway.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of a {@code source.created} webhook, as the OpenAPI document's {@code webhooks} entry describes it. Written
 * once, when the event is stored: every attempt sends (and signs) the same bytes.
 *
 * @param type always {@code source.created}
 * @param timestamp when the gateway learned of the source (ISO-8601, UTC)
 */
@RegisterForReflection
public record SourceCreatedEvent(String type, String timestamp, Data data) {

    public static final String TYPE = "source.created";

    /**
     * What was created, and for whom.
     *
     * @param userId the partner's user, as the gateway identified the caller
     * @param workspaceId the Airbyte workspace id, null when Airbyte's tokens did not name it
     * @param via {@code api} (created through {@code POST /api/airbyte/sources}) or {@code widget} (reported through
     *        {@code POST /api/airbyte/events})
     */
    @RegisterForReflection
    public record Data(String userId, String workspaceId, String sourceId, String sourceTemplateId, String name,
            String via) {
    }
}
