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
    void shouldGiveBackToTheIdentitysOwnBucket() {
        IdentityBuckets buckets = new IdentityBuckets(100, 3, HOUR);
        buckets.tryTake("alice", 0);
        buckets.tryTake("alice", 0);

        assertThat(buckets.giveBack("alice", 0).remaining()).as("two taken, one given back").isEqualTo(2);
        assertThat(buckets.giveBack("nobody", 0).remaining()).as("an unknown identity has it all").isEqualTo(3);
        assertThat(buckets.size()).as("giving back tracks nobody new").isEqualTo(1);
    }

    @Test
    void shouldCountABucketFullExactlyWhenItsLastPermitIsBack() {
        TokenBucket bucket = new TokenBucket(2, HOUR, 0);
        bucket.tryTake(0);
        long back = HOUR.toNanos() / 2;

        assertThat(bucket.isFull(back - 1)).isFalse();
        assertThat(bucket.isFull(back)).isTrue();
        assertThat(bucket.fullAt()).isEqualTo(back);
    }

    @Test
    void shouldSweepOnlyWhenANewIdentityFindsItFull() {
        IdentityBuckets buckets = new IdentityBuckets(10, 1, HOUR);
        for (int i = 0; i < 10; i++) {
            buckets.tryTake("user-" + i, i);
        }
        // All ten in use: a known identity coming back sweeps nothing, a new one makes room (down to nine in ten) by
        // forgetting the bucket that is full soonest, user-0's.
        assertThat(buckets.tryTake("user-0", 10).delay()).isPositive();
        assertThat(buckets.size()).isEqualTo(10);
        buckets.tryTake("newcomer", 10);
        assertThat(buckets.size()).as("one forgotten, then the newcomer").isEqualTo(10);
        assertThat(buckets.tryTake("user-0", 10).delay()).as("user-0 was forgotten: a fresh bucket").isZero();
        assertThat(buckets.tryTake("user-9", 10).delay()).as("user-9 was kept").isPositive();
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
