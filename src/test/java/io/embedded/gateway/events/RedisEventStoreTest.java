package io.embedded.gateway.events;

import static io.embedded.gateway.events.MemoryEventStoreTest.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.embedded.gateway.state.RedisStores;
import io.embedded.gateway.support.RedisAvailable;
import io.embedded.gateway.support.RedisServer;

/**
 * The Redis store's scripts on a real {@code redis-server}, as two instances of one fleet see it: one event per source
 * whichever instance stores it, an attempt claimed by one instance only (concurrent claims included) until its lease
 * ends, settles only by the lease holder, failed events listed with their bodies.
 */
@ExtendWith(RedisAvailable.class)
class RedisEventStoreTest {

    static final Duration LEASE = Duration.ofSeconds(30);

    static RedisServer redis;
    static RedisStores stores;
    static RedisEventStore a;
    static RedisEventStore b;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        stores = new RedisStores();
        a = new RedisEventStore(stores.store(redis.url(), "events-client"));
        b = new RedisEventStore(stores.store(redis.url(), "events-client"));
    }

    @AfterAll
    static void stop() {
        if (stores != null) {
            stores.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void flush() {
        redis.flush();
    }

    @Test
    void shouldStoreOneEventPerSourceAcrossInstancesEvenAfterDelivery() {
        assertThat(a.store(event("s1", 1_000)).await().indefinitely()).isTrue();
        assertThat(b.store(event("s1", 2_000)).await().indefinitely()).isFalse();
        Claim claim = claim(b, 1_000).get(0);
        assertThat(claim.event().body()).isEqualTo("{\"source\":\"s1\"}");
        assertThat(claim.event().webhookId()).isEqualTo(StoredEvent.webhookIdOf("s1"));
        a.delivered(claim).await().indefinitely();
        assertThat(a.store(event("s1", 3_000)).await().indefinitely()).isFalse();
        assertThat(claim(a, 10_000)).isEmpty();
        assertThat(a.backlog()).isEqualTo(Backlog.EMPTY);
    }

    @Test
    void shouldLetOnlyOneInstanceClaimAnAttemptAtATime() throws Exception {
        for (int i = 0; i < 20; i++) {
            a.store(event("s" + i, 1_000 + i)).await().indefinitely();
        }
        CompletableFuture<List<Claim>> onA = a.claimDue(5_000, LEASE, 20).subscribeAsCompletionStage();
        CompletableFuture<List<Claim>> onB = b.claimDue(5_000, LEASE, 20).subscribeAsCompletionStage();
        List<String> claimed = new ArrayList<>();
        onA.get().forEach(claim -> claimed.add(claim.event().sourceId()));
        onB.get().forEach(claim -> claimed.add(claim.event().sourceId()));
        assertThat(claimed).hasSize(20).doesNotHaveDuplicates();
        assertThat(claim(a, 5_000 + LEASE.toMillis() - 1)).as("leased").isEmpty();
        assertThat(a.backlog()).isEqualTo(new Backlog(20, 1_000));
    }

    @Test
    void shouldClaimAgainOnceTheLeaseOfADeadInstanceEnds() {
        a.store(event("s1", 1_000)).await().indefinitely();
        Claim dead = claim(a, 1_000).get(0);
        Claim again = claim(b, 1_000 + LEASE.toMillis()).get(0);
        assertThat(again.attempt()).isEqualTo(2);
        a.delivered(dead).await().indefinitely();
        assertThat(claim(b, 2_000 + 2 * LEASE.toMillis())).as("a stale lease settled nothing: still leased by b")
                .hasSize(1);
    }

    @Test
    void shouldRetryWhenDueAndListTheFailed() {
        a.store(event("s1", 1_000)).await().indefinitely();
        Claim first = claim(a, 1_000).get(0);
        a.retryAt(first, 5_000).await().indefinitely();
        assertThat(claim(b, 4_999)).isEmpty();
        Claim second = claim(b, 5_000).get(0);
        assertThat(second.attempt()).isEqualTo(2);
        b.failed(second, 6_000).await().indefinitely();

        assertThat(a.failedEvents(10).await().indefinitely()).singleElement().satisfies(failed -> {
            assertThat(failed.sourceId()).isEqualTo("s1");
            assertThat(failed.webhookId()).isEqualTo(StoredEvent.webhookIdOf("s1"));
            assertThat(failed.attempts()).isEqualTo(2);
            assertThat(failed.failedAt()).isEqualTo("1970-01-01T00:00:06Z");
            assertThat(failed.body()).isEqualTo("{\"source\":\"s1\"}");
        });
        assertThat(claim(a, 100_000)).isEmpty();
        assertThat(a.backlog()).isEqualTo(Backlog.EMPTY);
        assertThat(a.store(event("s1", 7_000)).await().indefinitely()).isFalse();
    }

    private static List<Claim> claim(RedisEventStore store, long now) {
        return store.claimDue(now, LEASE, 10).await().indefinitely();
    }
}
