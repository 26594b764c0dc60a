package io.embedded.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The memory store: one event per source, one claim per attempt, a lease that ends, settles only by the lease holder. */
class MemoryEventStoreTest {

    static final Duration LEASE = Duration.ofSeconds(30);

    private final MemoryEventStore store = new MemoryEventStore();

    @Test
    void shouldStoreOneEventPerSourceEvenAfterDelivery() {
        assertThat(store.store(event("s1", 1_000)).await().indefinitely()).isTrue();
        assertThat(store.store(event("s1", 2_000)).await().indefinitely()).isFalse();
        Claim claim = claim(1_000).get(0);
        store.delivered(claim).await().indefinitely();
        assertThat(store.store(event("s1", 3_000)).await().indefinitely()).as("delivered, still remembered").isFalse();
        assertThat(store.backlog()).isEqualTo(Backlog.EMPTY);
    }

    @Test
    void shouldClaimAnAttemptOnceUntilItsLeaseEnds() {
        store.store(event("s1", 1_000)).await().indefinitely();
        Claim first = claim(1_000).get(0);
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(claim(1_000 + LEASE.toMillis() - 1)).as("leased").isEmpty();

        Claim again = claim(1_000 + LEASE.toMillis()).get(0);
        assertThat(again.attempt()).as("its instance died: the attempt runs again").isEqualTo(2);
        store.delivered(first).await().indefinitely();
        assertThat(store.backlog().pending()).as("a stale lease settles nothing").isEqualTo(1);
        store.delivered(again).await().indefinitely();
        assertThat(store.backlog().pending()).isZero();
    }

    @Test
    void shouldRetryWhenDueAndKeepTheLastFailure() {
        store.store(event("s1", 1_000)).await().indefinitely();
        store.store(event("s2", 1_500)).await().indefinitely();
        assertThat(store.backlog()).isEqualTo(new Backlog(2, 1_000));
        Claim first = claim(1_000).get(0);
        store.retryAt(first, 5_000).await().indefinitely();
        assertThat(claim(4_999)).extracting(claim -> claim.event().sourceId()).containsExactly("s2");

        Claim second = claim(5_000).get(0);
        assertThat(second.attempt()).isEqualTo(2);
        store.failed(second, 6_000).await().indefinitely();
        List<FailedEvent> failed = store.failedEvents(10).await().indefinitely();
        assertThat(failed).singleElement().satisfies(event -> {
            assertThat(event.sourceId()).isEqualTo("s1");
            assertThat(event.attempts()).isEqualTo(2);
            assertThat(event.failedAt()).isEqualTo("1970-01-01T00:00:06Z");
        });
        assertThat(store.backlog()).isEqualTo(new Backlog(1, 1_500));
    }

    private List<Claim> claim(long now) {
        return store.claimDue(now, LEASE, 10).await().indefinitely();
    }

    static StoredEvent event(String sourceId, long created) {
        return new StoredEvent(StoredEvent.webhookIdOf(sourceId), sourceId, "{\"source\":\"" + sourceId + "\"}", created);
    }
}
