package io.embedded.gateway.idempotency;

import java.time.Duration;

import io.smallrye.mutiny.Uni;

/**
 * Where idempotency records live: this instance's memory, or Redis for the fleet. A record's key names the caller and
 * its {@code Idempotency-Key} (Redis holds it hashed). Every record text starts with its owner's token and a line break
 * ({@link IdempotencyRecord}); only the owner moves a record on or removes it.
 */
interface IdempotencyRecords {

    /**
     * Stores {@code record} under {@code key} for {@code ttl} unless a record is there; atomically. Answers the record
     * that was there, or null when {@code record} was stored.
     */
    /** The fingerprint of a request ({@code head}: method and path; then its body) as this store keeps it. */
    String fingerprint(String head, byte[] body);

    Uni<String> claim(String key, String record, Duration ttl);

    /** Replaces the record under {@code key} if {@code token} owns it; answers whether it did. */
    Uni<Boolean> replace(String key, String token, String record, Duration ttl);

    /** Removes the record under {@code key} if {@code token} owns it, so the key can run again. */
    Uni<Void> release(String key, String token);
}
