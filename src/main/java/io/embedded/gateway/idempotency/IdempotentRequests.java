package io.embedded.gateway.idempotency;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.identity.CallerIdentity;
import io.embedded.gateway.state.Digests;
import io.embedded.gateway.state.SharedStore;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs a request with an {@code Idempotency-Key} once per caller and key: the first takes the key, a repeat of a
 * finished one gets its stored answer, a repeat of an unfinished one 409, the key with another body 422. Keys are scoped
 * to the caller (hashed with its identity), so one caller can never replay another's answer. {@link IdempotencyRecorder}
 * stores the answer when the first request finishes.
 */
@ApplicationScoped
public class IdempotentRequests {

    /** Where a request that took a key keeps it until its answer is stored. */
    static final String CLAIM = IdempotentRequests.class.getName() + ".claim";

    private final IdempotencyConfig config;
    private final IdempotencyRecords records;
    private final ObjectMapper json;

    IdempotentRequests(IdempotencyConfig config, SharedStore store, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.records = store.isShared() ? new RedisIdempotencyRecords(store) : new MemoryIdempotencyRecords();
    }

    /**
     * The request for an {@code Idempotency-Key} header, or null without one. The body is fingerprinted as parsed, so
     * whitespace and the transport do not make two equal requests differ.
     */
    public IdempotentRequest request(String header, String method, String path, Object body) {
        if (header == null) {
            return null;
        }
        try {
            return IdempotentRequest.of(header, method, path, json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A request body that was just read cannot be written", e);
        }
    }

    /**
     * Takes {@code request}'s key for {@code caller}, or fails: {@link ReplayedAnswerException},
     * {@link IdempotencyConflictException}, or {@code SharedStoreUnavailableException} (a promise to run once cannot be
     * kept without the shared store). Does nothing for a request without a key.
     */
    public Uni<Void> claim(RoutingContext routing, CallerIdentity caller, IdempotentRequest request) {
        if (request == null) {
            return Uni.createFrom().voidItem();
        }
        String key = "idempotency:" + Digests.sha256(caller.key() + '\n' + request.key());
        String taken = IdempotencyRecord.inProgress(request.fingerprint()).encode();
        return records.claim(key, taken, config.inProgressTimeout()).map(existing -> {
            if (existing == null) {
                routing.put(CLAIM, new Claim(key, request.fingerprint()));
                return null;
            }
            IdempotencyRecord record = IdempotencyRecord.decode(existing);
            if (!record.fingerprint().equals(request.fingerprint())) {
                throw new IdempotencyConflictException(IdempotencyConflictException.Reason.OTHER_REQUEST);
            }
            if (!record.isDone()) {
                throw new IdempotencyConflictException(IdempotencyConflictException.Reason.IN_PROGRESS);
            }
            throw new ReplayedAnswerException(record.answer());
        }).replaceWithVoid();
    }

    /**
     * Stores the answer to the request that took {@code claim}'s key, or gives the key back when the answer says
     * nothing was done and a retry may succeed (429 and 503: limited, paused or unavailable before reaching Airbyte).
     */
    Uni<Void> finish(Claim claim, StoredAnswer answer) {
        if (answer.status() == 429 || answer.status() == 503) {
            return records.release(claim.key());
        }
        return records.store(claim.key(), new IdempotencyRecord(claim.fingerprint(), answer).encode(), config.retention());
    }

    /** A key taken by the current request. */
    record Claim(String key, String fingerprint) {
    }
}
