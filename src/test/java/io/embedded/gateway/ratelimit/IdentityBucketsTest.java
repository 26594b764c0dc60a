package io.embedded.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** The bounded map of per-identity buckets: what it forgets when full, and exactness under concurrency. */
class IdentityBucketsTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void shouldForgetFullBucketsFirstAndKeepTheOnesInUse() {
        IdentityBuckets buckets = new IdentityBuckets(100, 2, HOUR);
        long now = 0;
        buckets.tryTake("busy", now);
        buckets.tryTake("busy", now);
        for (int i = 0; i < 99; i++) {
            buckets.tryTake("once-" + i, now);
        }
        // An hour later every bucket but "busy"'s is full again ("busy" took two permits: full in two half-hours).
        now += HOUR.toNanos() / 2 + 1;
        buckets.tryTake("newcomer", now);

        assertThat(buckets.size()).as("the full buckets were forgotten").isLessThanOrEqualTo(2);
        assertThat(buckets.tryTake("busy", now).delay()).as("busy's bucket kept its state").isZero();
        assertThat(buckets.tryTake("busy", now).delay()).as("busy used its refill").isPositive();
    }

    @Test
    void shouldStayBoundedWhenEveryIdentityIsInUse() {
        IdentityBuckets buckets = new IdentityBuckets(100, 5, HOUR);
        for (int i = 0; i < 10_000; i++) {
            buckets.tryTake("caller-" + i, i);
        }
        assertThat(buckets.size()).isBetween(90, 101);
        // The newest caller is still tracked: its second request is counted against its first.
        for (int i = 0; i < 4; i++) {
            assertThat(buckets.tryTake("caller-9999", 10_000).delay()).isZero();
        }
        assertThat(buckets.tryTake("caller-9999", 10_000).delay()).isPositive();
    }

    @Test
    void shouldHandOutExactlyTheLimitToConcurrentRequests() throws Exception {
        IdentityBuckets buckets = new IdentityBuckets(100, 50, HOUR);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                // Other identities churn the map (and trigger sweeps) while one identity is hammered.
                String other = "churn-" + i;
                attempts.add(() -> {
                    buckets.tryTake(other, 0);
                    return buckets.tryTake("hot", 0).taken();
                });
            }
            int granted = 0;
            for (Future<Boolean> attempt : pool.invokeAll(attempts)) {
                granted += attempt.get() ? 1 : 0;
            }
            assertThat(granted).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }
}
