package io.embedded.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The token buckets of the identities seen recently, at most about {@code capacity} of them. A plain
 * {@link ConcurrentHashMap}, on purpose: a hand-built Caffeine cache picks a generated class by name at runtime, which a
 * native image cannot load (issue 16), while this needs no reflection and no generated classes.
 * <p>
 * Bounding the map loses nothing in the common case: a full bucket behaves exactly like a new one, so full buckets are
 * forgotten first. Only when more identities than {@code capacity} are all in use at once are the fullest of them
 * forgotten (they get a full allowance back), down to nine tenths of the capacity so that sweeps stay rare.
 */
final class IdentityBuckets {

    private final int capacity;
    private final int limit;
    private final Duration period;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();

    IdentityBuckets(int capacity, int limit, Duration period) {
        this.capacity = capacity;
        this.limit = limit;
        this.period = period;
    }

    /**
     * Takes one permit from {@code identity}'s bucket, or answers how long until one is available. Atomic with eviction, so a
     * permit is never taken from a bucket that is being forgotten.
     */
    TokenBucket.Take tryTake(String identity, long nowNanos) {
        if (buckets.size() >= capacity && !buckets.containsKey(identity)) {
            sweep(nowNanos);
        }
        TokenBucket.Take[] take = new TokenBucket.Take[1];
        buckets.compute(identity, (key, bucket) -> {
            TokenBucket own = bucket == null ? new TokenBucket(limit, period, nowNanos) : bucket;
            take[0] = own.tryTake(nowNanos);
            return own;
        });
        return take[0];
    }

    /**
     * Returns a permit taken by {@link #tryTake} when the request was refused for another reason; answers what is left.
     */
    Allowance.Quota giveBack(String identity, long nowNanos) {
        TokenBucket bucket = buckets.computeIfPresent(identity, (key, own) -> {
            own.giveBack();
            return own;
        });
        return bucket == null ? new TokenBucket(limit, period, nowNanos).quota(nowNanos) : bucket.quota(nowNanos);
    }

    /** Identities tracked now. */
    int size() {
        return buckets.size();
    }

    private void sweep(long nowNanos) {
        // One sweeper at a time; meanwhile other callers insert, so the map may exceed capacity by a few entries.
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            for (String identity : buckets.keySet()) {
                buckets.computeIfPresent(identity, (key, bucket) -> bucket.isFull(nowNanos) ? null : bucket);
            }
            int excess = buckets.size() - capacity / 10 * 9;
            if (excess > 0) {
                List<Map.Entry<String, TokenBucket>> inUse = new ArrayList<>(buckets.entrySet());
                inUse.sort(Comparator.comparingLong(entry -> entry.getValue().fullAt()));
                inUse.subList(0, Math.min(excess, inUse.size()))
                        .forEach(entry -> buckets.remove(entry.getKey(), entry.getValue()));
            }
        } finally {
            sweeping.set(false);
        }
    }
}
