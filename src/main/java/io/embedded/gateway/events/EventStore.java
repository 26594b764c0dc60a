package io.embedded.gateway.events;

import java.time.Duration;
import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * Where events wait for delivery: this instance's memory, or Redis for the fleet. One event per source, ever; an attempt
 * is claimed under a lease before it runs, so two instances never run it at the same time, and an attempt whose
 * instance died is claimed again once its lease expires.
 */
interface EventStore {

    /** Stores {@code event}, due at once, unless one about its source exists; answers whether it was stored. */
    Uni<Boolean> store(StoredEvent event);

    /** Claims up to {@code max} events due at {@code nowMillis} for one attempt each, leased for {@code lease}. */
    Uni<List<Claim>> claimDue(long nowMillis, Duration lease, int max);

    /** The attempt succeeded: the event is done (its record stays, so the source never gets a second event). */
    Uni<Void> delivered(Claim claim);

    /** The attempt failed and another is due at {@code nextMillis}. */
    Uni<Void> retryAt(Claim claim, long nextMillis);

    /** The last attempt failed: the event is kept as failed, for operators. */
    Uni<Void> failed(Claim claim, long nowMillis);

    /** The backlog as of the last claim (Redis) or now (memory). */
    Backlog backlog();

    /** The most recently failed events, newest first, at most {@code max}. */
    Uni<List<FailedEvent>> failedEvents(int max);
}
