package io.embedded.gateway.ratelimit;

import java.time.Duration;

/**
 * A token bucket: holds up to {@code capacity} permits, refilled continuously at {@code capacity} per {@code period}.
 * So {@code capacity} requests may arrive at once, and after that one each {@code period / capacity}. Thread-safe; the
 * critical section is a few arithmetic operations, never I/O.
 */
final class TokenBucket {

    private final long capacity;
    private final double nanosPerPermit;
    private double permits;
    private long updatedNanos;

    TokenBucket(int capacity, Duration period, long nowNanos) {
        this.capacity = capacity;
        this.nanosPerPermit = (double) period.toNanos() / capacity;
        this.permits = capacity;
        this.updatedNanos = nowNanos;
    }

    /** Takes one permit, or answers how long until one is available. {@link Duration#ZERO} means taken. */
    synchronized Duration tryTake(long nowNanos) {
        refill(nowNanos);
        if (permits >= 1) {
            permits -= 1;
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((1 - permits) * nanosPerPermit));
    }

    /** Gives back a permit taken by {@link #tryTake(long)} when the request was refused for another reason. */
    synchronized void giveBack() {
        permits = Math.min(capacity, permits + 1);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - updatedNanos;
        if (elapsed > 0) {
            permits = Math.min(capacity, permits + elapsed / nanosPerPermit);
            updatedNanos = nowNanos;
        }
    }
}
