package io.embedded.gateway.idempotency;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.embedded.gateway.state.Digests;
import io.smallrye.mutiny.Uni;

/**
 * Records in this instance's memory (the memory store: one instance). Expired records are swept at most once a minute;
 * there are few, since every create is rate-limited.
 */
final class MemoryIdempotencyRecords implements IdempotencyRecords {

    private static final long SWEEP_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    private final ConcurrentHashMap<String, Entry> records = new ConcurrentHashMap<>();
    private final AtomicLong nextSweep = new AtomicLong(System.nanoTime());

    /** Plain SHA-256: the fingerprint never leaves this process. */
    @Override
    public String fingerprint(String head, byte[] body) {
        return Digests.sha256(head, body);
    }

    @Override
    public Uni<String> claim(String key, String record, Duration ttl) {
        long now = System.nanoTime();
        sweep(now);
        String[] existing = new String[1];
        records.compute(key, (k, entry) -> {
            if (entry != null && entry.isLive(now)) {
                existing[0] = entry.record;
                return entry;
            }
            return new Entry(record, now + ttl.toNanos());
        });
        return Uni.createFrom().item(existing[0]);
    }

    @Override
    public Uni<Boolean> replace(String key, String token, String record, Duration ttl) {
        long now = System.nanoTime();
        boolean[] replaced = new boolean[1];
        records.computeIfPresent(key, (k, entry) -> {
            if (entry.isLive(now) && entry.isOwnedBy(token)) {
                replaced[0] = true;
                return new Entry(record, now + ttl.toNanos());
            }
            return entry;
        });
        return Uni.createFrom().item(replaced[0]);
    }

    @Override
    public Uni<Void> release(String key, String token) {
        records.computeIfPresent(key, (k, entry) -> entry.isOwnedBy(token) ? null : entry);
        return Uni.createFrom().voidItem();
    }

    private void sweep(long now) {
        long due = nextSweep.get();
        if (now - due >= 0 && nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_NANOS)) {
            records.values().removeIf(entry -> !entry.isLive(now));
        }
    }

    private record Entry(String record, long expiresAt) {

        boolean isLive(long now) {
            return expiresAt - now > 0;
        }

        boolean isOwnedBy(String token) {
            return record.startsWith(token + '\n');
        }
    }
}
