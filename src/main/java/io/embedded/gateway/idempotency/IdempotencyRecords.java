package io.embedded.gateway.idempotency;

import java.time.Duration;

import io.smallrye.mutiny.Uni;

/** Where idempotency records live: this instance's memory, or Redis for the fleet. */
interface IdempotencyRecords {

    /**
     * Stores {@code record} under {@code key} for {@code ttl} unless a record is there; atomically. Answers the record
     * that was there, or null when {@code record} was stored.
     */
    Uni<String> claim(String key, String record, Duration ttl);

    /** Replaces the record under {@code key}. */
    Uni<Void> store(String key, String record, Duration ttl);

    /** Removes the record under {@code key}, so the key can run again. */
    Uni<Void> release(String key);
}
