package io.embedded.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jose4j.jwk.JsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.embedded.gateway.support.TestJwtIssuer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.mutiny.core.Vertx;

/**
 * A key the identity provider removes stops verifying tokens once the key set is older than
 * {@code gateway.identity.jwt.jwks-max-age}, and no request waits for that refresh. Time is a {@link SettableClock}; a real
 * JWKS endpoint on loopback ({@link TestJwtIssuer}) counts the fetches.
 */
class IdentityProviderKeysRefreshTest {

    static final Duration MAX_AGE = Duration.ofMinutes(10);
    static final Duration WAIT = Duration.ofSeconds(10);

    private final TestJwtIssuer issuer = TestJwtIssuer.start();
    private final Vertx vertx = Vertx.vertx();
    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"));

    @AfterEach
    void stop() {
        issuer.release();
        issuer.close();
        vertx.closeAndAwait();
    }

    @Test
    void shouldStopTrustingARemovedKeyOnceTheKeySetReachesItsMaximumAge() {
        IdentityProviderKeys keys = keys(MAX_AGE);
        String removed = issuer.currentKid();
        assertThat(kids(keys.keysFor(removed).await().atMost(WAIT))).containsExactly(removed);
        issuer.rotate();

        clock.advance(MAX_AGE.minusSeconds(1));
        assertThat(kids(keys.keysFor(removed).await().atMost(WAIT))).as("still young: kept").containsExactly(removed);
        assertThat(issuer.jwksRequests()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        keys.keysFor(removed);

        await().atMost(WAIT).untilAsserted(() -> assertThat(kids(keys.keysFor(removed).await().atMost(WAIT)))
                .as("the removed key is no longer trusted").doesNotContain(removed).hasSize(1));
        assertThat(issuer.jwksRequests()).isEqualTo(2);
    }

    @Test
    void shouldAnswerEveryRequestAtOnceWhileOneRefreshRuns() {
        IdentityProviderKeys keys = keys(MAX_AGE);
        String removed = issuer.currentKid();
        keys.keysFor(removed).await().atMost(WAIT);
        issuer.rotate();
        issuer.hold();
        clock.advance(MAX_AGE);

        for (int i = 0; i < 20; i++) {
            // Answered on subscription, from the keys already loaded: nobody waits for the refresh.
            UniAssertSubscriber<List<JsonWebKey>> answer = keys.keysFor(removed).subscribe()
                    .withSubscriber(UniAssertSubscriber.create());
            assertThat(kids(answer.assertCompleted().getItem())).containsExactly(removed);
        }
        await().atMost(WAIT).until(() -> issuer.jwksRequests() == 2);
        UniAssertSubscriber<List<JsonWebKey>> whileFetching = keys.keysFor(removed).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        assertThat(kids(whileFetching.assertCompleted().getItem())).as("answered while the refresh is in flight")
                .containsExactly(removed);
        issuer.release();

        await().atMost(WAIT).untilAsserted(() -> assertThat(kids(keys.keysFor(removed).await().atMost(WAIT)))
                .doesNotContain(removed));
        assertThat(issuer.jwksRequests()).as("one refresh for all of them").isEqualTo(2);
        assertThat(issuer.mostConcurrentJwksRequests()).isEqualTo(1);
    }

    @Test
    void shouldRefreshWithoutAnyRequest() {
        Duration maxAge = Duration.ofSeconds(1);
        IdentityProviderKeys keys = keys(maxAge);
        String removed = issuer.currentKid();
        keys.keysFor(removed).await().atMost(WAIT);
        issuer.rotate();

        clock.advance(maxAge);

        await().atMost(WAIT).until(() -> issuer.jwksRequests() == 2);
        // The fetch has reached the issuer; its answer is installed a moment later. Asking meanwhile gets the loaded keys
        // and starts no second fetch.
        await().atMost(WAIT).untilAsserted(() -> assertThat(kids(keys.keysFor(removed).subscribe()
                .withSubscriber(UniAssertSubscriber.create()).assertCompleted().getItem())).doesNotContain(removed)
                .hasSize(1));
        assertThat(issuer.jwksRequests()).as("the refresh came from the timer alone").isEqualTo(2);
    }

    private IdentityProviderKeys keys(Duration maxAge) {
        TestIdentityConfig config = TestIdentityConfig.jwtMode();
        TestIdentityConfig.Jwt jwt = ((TestIdentityConfig.Jwt) config.jwt()).withJwksUrl(issuer.jwksUrl())
                .withJwksMaxAge(maxAge);
        return new IdentityProviderKeys(config.withJwt(jwt), clock, vertx, new SimpleMeterRegistry());
    }

    private static List<String> kids(List<JsonWebKey> keys) {
        return keys.stream().map(JsonWebKey::getKeyId).toList();
    }
}
