package io.embedded.gateway.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * Events in this instance's memory (the memory store: one instance). A restart loses what is not delivered yet, the
 * failed events and the record of which sources had their event (a source reported again after a restart gets an
 * event again, with the same webhook id). Few events, each guarded by this object's lock.
 */
final class MemoryEventStore implements EventStore {

    /** Delivered events remembered (so their sources get no second event); past that the oldest are forgotten. */
    static final int REMEMBERED = 100_000;
    /** Failed events kept for operators; past that the oldest are dropped. */
    static final int FAILED_KEPT = 1_000;

    private final Map<String, Entry> bySource = new HashMap<>();
    private final List<FailedEvent> failed = new ArrayList<>();

    @Override
    public synchronized Uni<Boolean> store(StoredEvent event) {
        if (bySource.containsKey(event.sourceId())) {
            return Uni.createFrom().item(false);
        }
        if (bySource.size() >= REMEMBERED) {
            bySource.values().removeIf(entry -> entry.state != State.PENDING);
        }
        bySource.put(event.sourceId(), new Entry(event, event.createdMillis()));
        return Uni.createFrom().item(true);
    }

    @Override
    public synchronized Uni<List<Claim>> claimDue(long nowMillis, Duration lease, int max) {
        List<Claim> claims = new ArrayList<>();
        bySource.values().stream().filter(entry -> entry.state == State.PENDING && entry.dueMillis <= nowMillis)
                .sorted(Comparator.comparingLong(entry -> entry.dueMillis)).limit(max).forEach(entry -> {
                    entry.attempts++;
                    entry.lease = UUID.randomUUID().toString();
                    entry.dueMillis = nowMillis + lease.toMillis();
                    claims.add(new Claim(entry.event, entry.attempts, entry.lease));
                });
        return Uni.createFrom().item(claims);
    }

    @Override
    public synchronized Uni<Void> delivered(Claim claim) {
        Entry entry = leased(claim);
        if (entry != null) {
            entry.state = State.DELIVERED;
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Uni<Void> retryAt(Claim claim, long nextMillis) {
        Entry entry = leased(claim);
        if (entry != null) {
            entry.dueMillis = nextMillis;
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Uni<Void> failed(Claim claim, long nowMillis) {
        Entry entry = leased(claim);
        if (entry != null) {
            entry.state = State.FAILED;
            if (failed.size() >= FAILED_KEPT) {
                failed.remove(0);
            }
            failed.add(new FailedEvent(claim.event().webhookId(), claim.event().sourceId(), claim.attempt(),
                    Instant.ofEpochMilli(nowMillis).toString(), claim.event().body()));
        }
        return Uni.createFrom().voidItem();
    }

    @Override
    public synchronized Backlog backlog() {
        long pending = 0;
        long oldest = Long.MAX_VALUE;
        for (Entry entry : bySource.values()) {
            if (entry.state == State.PENDING) {
                pending++;
                oldest = Math.min(oldest, entry.event.createdMillis());
            }
        }
        return pending == 0 ? Backlog.EMPTY : new Backlog(pending, oldest);
    }

    @Override
    public synchronized Uni<List<FailedEvent>> failedEvents(int max) {
        List<FailedEvent> newestFirst = new ArrayList<>(failed.subList(Math.max(0, failed.size() - max), failed.size()));
        java.util.Collections.reverse(newestFirst);
        return Uni.createFrom().item(newestFirst);
    }

    /** The entry {@code claim} still holds the lease of, else null (its lease expired and it was claimed again). */
    private Entry leased(Claim claim) {
        Entry entry = bySource.get(claim.event().sourceId());
        if (entry == null || entry.state != State.PENDING || !claim.lease().equals(entry.lease)) {
            return null;
        }
        entry.lease = null;
        return entry;
    }

    private enum State {
        PENDING,
        DELIVERED,
        FAILED
    }

    private static final class Entry {
        final StoredEvent event;
        long dueMillis;
        int attempts;
        String lease;
        State state = State.PENDING;

        Entry(StoredEvent event, long dueMillis) {
            this.event = event;
            this.dueMillis = dueMillis;
        }
    }
}
