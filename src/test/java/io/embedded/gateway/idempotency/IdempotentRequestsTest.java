package io.embedded.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.identity.CallerIdentity;
import io.embedded.gateway.identity.IdentityMode;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/** A key runs at most once, whatever happens to its client, its instance or the store's answers (memory records). */
class IdempotentRequestsTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final CallerIdentity CALLER = new CallerIdentity("user-1", null, "user-1", IdentityMode.BODY);
    private static final IdempotentRequest REQUEST = IdempotentRequest.of("key-1", "fingerprint-1");

    private final MutableClock clock = new MutableClock();
    private final MemoryIdempotencyRecords memory = new MemoryIdempotencyRecords();

    @Test
    void shouldTellARepeatOfAnOrphanedCreateThatItsOutcomeIsUnknownOnceTheTimeoutHasPassed() {
        IdempotentRequests requests = requests(memory);
        IdempotentRequests.Claim claim = claim(requests);
        // The instance "dies": its create never ends and nothing is recorded.
        requests.runOnce(claim, Uni.createFrom().nothing(), failure -> true).subscribe().with(item -> {
        });

        clock.advance(TIMEOUT.minusMillis(1));
        assertThat(refusal(requests).reason()).isEqualTo(IdempotencyConflictException.Reason.IN_PROGRESS);
        clock.advance(Duration.ofMillis(1));
        assertThat(refusal(requests).reason()).isEqualTo(IdempotencyConflictException.Reason.OUTCOME_UNKNOWN);
    }

    @Test
    void shouldRecordTheAnswerOfACreateWhoseClientWentAway() {
        IdempotentRequests requests = requests(memory);
        CompletableFuture<String> create = new CompletableFuture<>();
        var client = requests.runOnce(claim(requests), Uni.createFrom().completionStage(create), failure -> true)
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        client.cancel();
        create.complete("created");

        ReplayedAnswerException replay = catchThrowableOfType(ReplayedAnswerException.class,
                () -> requests.claim(CALLER, REQUEST).await().indefinitely());
        assertThat(replay).isNotNull();
        assertThat(replay.answer().status()).isEqualTo(201);
        assertThat(new String(replay.answer().body())).isEqualTo("\"created\"");
    }

    @Test
    void shouldGiveTheKeyBackOnlyWhenTheFailureProvesNothingWasCreated() {
        IdempotentRequests requests = requests(memory);
        requests.runOnce(claim(requests), Uni.createFrom().failure(new IllegalStateException("refused")), failure -> true)
                .subscribe().withSubscriber(UniAssertSubscriber.create()).assertFailedWith(IllegalStateException.class);
        IdempotentRequests.Claim again = claim(requests);

        requests.runOnce(again, Uni.createFrom().failure(new IllegalStateException("maybe")), failure -> false)
                .subscribe().withSubscriber(UniAssertSubscriber.create()).assertFailedWith(IllegalStateException.class);
        assertThat(refusal(requests).reason()).isEqualTo(IdempotencyConflictException.Reason.OUTCOME_UNKNOWN);
    }

    @Test
    void shouldFreeAKeyWhoseClaimReachedTheStoreButWhoseAnswerWasLost() {
        // The claim is stored, then the store's answer times out: the request never runs, so the key must be free.
        IdempotencyRecords lostAnswer = new IdempotencyRecords() {
            private boolean first = true;

            @Override
            public String fingerprint(String head, byte[] body) {
                return memory.fingerprint(head, body);
            }

            @Override
            public Uni<String> claim(String key, String record, Duration ttl) {
                Uni<String> stored = memory.claim(key, record, ttl);
                if (first) {
                    first = false;
                    return stored.chain(() -> Uni.createFrom().failure(new IllegalStateException("timed out")));
                }
                return stored;
            }

            @Override
            public Uni<Boolean> replace(String key, String token, String record, Duration ttl) {
                return memory.replace(key, token, record, ttl);
            }

            @Override
            public Uni<Void> release(String key, String token) {
                return memory.release(key, token);
            }
        };
        IdempotentRequests requests = requests(lostAnswer);
        requests.claim(CALLER, REQUEST).subscribe().withSubscriber(UniAssertSubscriber.create())
                .assertFailedWith(IllegalStateException.class);

        await().atMost(Duration.ofSeconds(5)).until(() -> requests.claim(CALLER, REQUEST).onFailure()
                .recoverWithNull().await().indefinitely() != null);
    }

    @Test
    void shouldNotLetAnotherRequestsTokenMoveOrRemoveARecord() {
        memory.claim("k", "mine\nCLAIMED\nf\n0", TIMEOUT).await().indefinitely();
        assertThat(memory.replace("k", "other", "other\nRUNNING\nf\n0", TIMEOUT).await().indefinitely()).isFalse();
        memory.release("k", "other").await().indefinitely();
        assertThat(memory.claim("k", "third\nCLAIMED\nf\n0", TIMEOUT).await().indefinitely()).startsWith("mine\n");
    }

    private IdempotentRequests requests(IdempotencyRecords records) {
        IdempotencyConfig config = new IdempotencyConfig() {
            @Override
            public Duration retention() {
                return Duration.ofHours(24);
            }

            @Override
            public Duration inProgressTimeout() {
                return TIMEOUT;
            }
        };
        return new IdempotentRequests(config, records, new ObjectMapper(), clock);
    }

    private static IdempotentRequests.Claim claim(IdempotentRequests requests) {
        IdempotentRequests.Claim claim = requests.claim(CALLER, REQUEST).await().indefinitely();
        assertThat(claim).isNotNull();
        return claim;
    }

    private static IdempotencyConflictException refusal(IdempotentRequests requests) {
        IdempotencyConflictException refused = catchThrowableOfType(IdempotencyConflictException.class,
                () -> requests.claim(CALLER, REQUEST).await().indefinitely());
        assertThat(refused).as("the repeat is refused").isNotNull();
        return refused;
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-05T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
