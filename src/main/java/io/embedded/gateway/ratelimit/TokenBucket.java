package io.embedded.gateway.ratelimit;

import java.time.Duration;

/**
 * A token bucket of {@code capacity} permits refilled at {@code capacity} per {@code period}, kept as the generic cell
 * rate algorithm's "theoretical arrival time" in whole nanoseconds (exact, no floating point). So {@code capacity}
 * requests may arrive at once, and after that one each {@code period / capacity}. Thread-safe; the critical section is a
 * few additions, never I/O. {@code FleetLimits} runs the same algorithm on Redis.
 */
final class TokenBucket {

    private final int capacity;
    private final Duration period;
    private final long emissionNanos;
    private final long toleranceNanos;
    private long theoreticalArrival;

    TokenBucket(int capacity, Duration period, long nowNanos) {
        this.capacity = capacity;
        this.period = period;
        this.emissionNanos = Math.max(1, period.toNanos() / capacity);
        this.toleranceNanos = emissionNanos * capacity;
        this.theoreticalArrival = nowNanos;
    }

    /** Takes one permit, or answers how long until one is available; {@link Take#taken()} says which. */
    synchronized Take tryTake(long nowNanos) {
        long next = Math.max(theoreticalArrival, nowNanos) + emissionNanos;
        long ahead = next - nowNanos;
        if (ahead > toleranceNanos) {
            return new Take(Duration.ofNanos(ahead - toleranceNanos), quota(nowNanos));
        }
        theoreticalArrival = next;
        return new Take(Duration.ZERO, quota(nowNanos));
    }

    /** What is left now, as a client sees it. */
    synchronized Allowance.Quota quota(long nowNanos) {
        long behind = Math.max(0, theoreticalArrival - nowNanos);
        return new Allowance.Quota(capacity, period, (toleranceNanos - behind) / emissionNanos, Duration.ofNanos(behind));
    }

    /** Whether every permit is available again, so that forgetting this bucket loses nothing. */
    synchronized boolean isFull(long nowNanos) {
        return theoreticalArrival <= nowNanos;
    }

    /** When (on the {@code nowNanos} clock) every permit will be available again; the earlier, the fuller. */
    synchronized long fullAt() {
        return theoreticalArrival;
    }

    /** Gives back a permit taken by {@link #tryTake(long)} when the request was refused for another reason. */
    synchronized void giveBack() {
        theoreticalArrival -= emissionNanos;
    }

    /** The outcome of {@link #tryTake}: taken when {@code delay} is zero, and what is left after it. */
    record Take(Duration delay, Allowance.Quota left) {

        boolean taken() {
            return delay.isZero();
        }
    }
}
