package io.embedded.gateway.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.identity.CallerIdentity;
import io.embedded.gateway.state.SharedStore;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Runs a create with an {@code Idempotency-Key} at most once per caller and key, ever. The first request claims the key,
 * marks it running just before the create starts, runs the create to its end whether or not its client stays connected,
 * and records the answer before sending it. A repeat of a finished one gets that answer; of a running one, 409; the key
 * with another body, 422; a key whose create ended without a known outcome (the instance died, or the create failed in a
 * way that may have created the source) never runs again and is answered with a problem that says to list the sources.
 * Keys are scoped to the caller (a record is keyed by its identity and key), so one caller can never replay another's
 * answer.
 */
@ApplicationScoped
public class IdempotentRequests {

    /** Keys are honoured on creates only, so a success is always replayed as 201 Created. */
    static final int CREATED = 201;

    private final IdempotencyConfig config;
    private final IdempotencyRecords records;
    private final ObjectMapper json;
    private final Clock clock;

    @Inject
    IdempotentRequests(IdempotencyConfig config, SharedStore store, ObjectMapper json, Clock clock) {
        this(config, store.isShared() ? new RedisIdempotencyRecords(store) : new MemoryIdempotencyRecords(), json, clock);
    }

    IdempotentRequests(IdempotencyConfig config, IdempotencyRecords records, ObjectMapper json, Clock clock) {
        this.config = config;
        this.records = records;
        this.json = json;
        this.clock = clock;
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
            return IdempotentRequest.of(header, records.fingerprint(method + ' ' + path + '\n', json.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A request body that was just read cannot be written", e);
        }
    }

    /**
     * Takes {@code request}'s key for {@code caller}: answers the claim (null for a request without a key), or fails
     * with {@link ReplayedAnswerException}, {@link IdempotencyConflictException}, or
     * {@code SharedStoreUnavailableException} (a promise to run once cannot be kept without the shared store). A claim
     * that is never started expires after {@code in-progress-timeout}, so a key taken by a request that never ran (its
     * claim's answer lost on the way back from Redis, say) is free again by then.
     */
    public Uni<Claim> claim(CallerIdentity caller, IdempotentRequest request) {
        if (request == null) {
            return Uni.createFrom().nullItem();
        }
        String key = caller.key() + '\n' + request.key();
        var claimed = IdempotencyRecord.claimed(UUID.randomUUID().toString(), request.fingerprint(), clock.millis());
        return records.claim(key, claimed.encode(), config.inProgressTimeout())
                // Whether the claim reached the store is unknown: give it back (only ours is removed).
                .onFailure().invoke(() -> giveBack(key, claimed.token()))
                .onCancellation().invoke(() -> giveBack(key, claimed.token()))
                .map(existing -> {
                    if (existing == null) {
                        return new Claim(key, claimed);
                    }
                    throw refusal(IdempotencyRecord.decode(existing), request.fingerprint());
                });
    }

    /** Why a repeat of a key cannot run: its answer, or the state of the request that took it. */
    private RuntimeException refusal(IdempotencyRecord record, String fingerprint) {
        if (!record.fingerprint().equals(fingerprint)) {
            return new IdempotencyConflictException(IdempotencyConflictException.Reason.OTHER_REQUEST);
        }
        return switch (record.state()) {
            case DONE -> new ReplayedAnswerException(record.answer());
            case CLAIMED -> new IdempotencyConflictException(IdempotencyConflictException.Reason.IN_PROGRESS);
            case RUNNING -> new IdempotencyConflictException(
                    clock.millis() - record.since() < config.inProgressTimeout().toMillis()
                            ? IdempotencyConflictException.Reason.IN_PROGRESS
                            // Its instance died or lost the store mid-create: the source may exist.
                            : IdempotencyConflictException.Reason.OUTCOME_UNKNOWN);
            case UNKNOWN -> new IdempotencyConflictException(IdempotencyConflictException.Reason.OUTCOME_UNKNOWN);
        };
    }

    /** Gives back a claimed key that will not run (a rate limit refused it); nothing happens without a claim. */
    public void release(Claim claim) {
        if (claim != null) {
            giveBack(claim.key(), claim.record().token());
        }
    }

    /**
     * Runs {@code create} for {@code claim} (as it is without one): marks the key running, then runs the create to its
     * end even if the client goes away, and records its outcome before answering: the answer when it succeeded, the key
     * given back when {@code createdNothing} says the failure proves nothing was created, else "outcome unknown".
     */
    public <T> Uni<T> runOnce(Claim claim, Uni<T> create, Predicate<Throwable> createdNothing) {
        if (claim == null) {
            return create;
        }
        IdempotencyRecord running = claim.record().running(clock.millis());
        // Detached from here on: once the key is marked running, the create and its record must happen.
        return detached(records.replace(claim.key(), running.token(), running.encode(), config.retention())
                .onFailure().invoke(() -> giveBack(claim.key(), running.token()))
                .chain(started -> {
                    if (!started) {
                        // The claim expired before the create could start and another request took the key.
                        return Uni.createFrom().failure(
                                new IdempotencyConflictException(IdempotencyConflictException.Reason.IN_PROGRESS));
                    }
                    return create.onItemOrFailure()
                            .call((item, failure) -> record(claim.key(), running, item, failure, createdNothing));
                }));
    }

    /** Stores how the create ended; a store that fails leaves the key running, read as "outcome unknown" later. */
    private Uni<Void> record(String key, IdempotencyRecord running, Object item, Throwable failure,
            Predicate<Throwable> createdNothing) {
        Uni<?> stored;
        if (failure == null) {
            stored = records.replace(key, running.token(), running.done(answer(item), clock.millis()).encode(),
                    config.retention());
        } else if (createdNothing.test(failure)) {
            stored = records.release(key, running.token());
        } else {
            stored = records.replace(key, running.token(), running.unknown(clock.millis()).encode(), config.retention());
        }
        return stored.onFailure().invoke(e -> Log.warnf("Idempotency outcome not stored (%s); repeats of the key will be"
                + " told its outcome is unknown", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private StoredAnswer answer(Object item) {
        try {
            return new StoredAnswer(CREATED, "application/json", json.writeValueAsBytes(item));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An answer that is about to be sent cannot be written", e);
        }
    }

    /**
     * Removes a claim that will not run, in the background until it succeeds or the claim would have expired anyway:
     * a store that failed now may answer in a moment, and the key must not stay taken for nothing.
     */
    private void giveBack(String key, String token) {
        records.release(key, token).onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5))
                .expireIn(config.inProgressTimeout().toMillis())
                .subscribe().with(ignored -> {
                }, failure -> Log.debugf("Idempotency claim not given back (%s); it expires by itself",
                        failure.getClass().getSimpleName()));
    }

    /**
     * {@code work}, subscribed now and not cancelled when the subscriber to the answer goes away: a create that has
     * started must finish and be recorded even when its client disconnects.
     */
    private static <T> Uni<T> detached(Uni<T> work) {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        work.subscribe().with(outcome::complete, outcome::completeExceptionally);
        return Uni.createFrom().emitter(emitter -> outcome.whenComplete((item, failure) -> {
            if (failure != null) {
                emitter.fail(failure);
            } else {
                emitter.complete(item);
            }
        }));
    }

    /** A key taken by the current request, with the record that took it. */
    public record Claim(String key, IdempotencyRecord record) {
    }
}
