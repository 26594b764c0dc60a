package io.embedded.gateway.events;

import com.fasterxml.jackson.annotation.JsonRawValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An event given up on after its last attempt, as operators list it ({@code GET :9000/q/events/failed}). */
@RegisterForReflection
public record FailedEvent(String webhookId, String sourceId, int attempts, String failedAt, @JsonRawValue String body) {
}
