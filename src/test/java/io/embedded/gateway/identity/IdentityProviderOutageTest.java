package io.embedded.gateway.identity;

import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.InjectAirbyteStandIn;
import io.embedded.gateway.support.InjectJwtIssuer;
import io.embedded.gateway.support.JwtIssuerResource;
import io.embedded.gateway.support.TestJwtIssuer;
import io.embedded.gateway.support.TestJwtIssuer.JwksRequest;
import io.embedded.gateway.support.UpstreamCalls;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The partner's identity provider down at startup, then slow: honest 503s with {@code Retry-After}, one JWKS fetch at
 * a time whatever the concurrency, no fetch for tokens that do not parse, and readiness only once the keys are loaded.
 */
@QuarkusTest
@WithTestResource(value = AirbyteStandInResource.class, initArgs = @ResourceArg(name = "identity-mode", value = "jwt"))
@WithTestResource(value = JwtIssuerResource.class, initArgs = { @ResourceArg(name = "failing", value = "true"),
        @ResourceArg(name = "jwks-timeout", value = "1s") })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdentityProviderOutageTest {

    static final String PATH = "/api/airbyte/widget-token";
    static final String PROBLEM = "urn:airbyte-embedded-gateway:problem:";
    static final int CONCURRENT = 20;
    /** The difference a wall-clock backoff and a nanoTime measurement can show for the same interval. */
    static final Duration CLOCKS = Duration.ofMillis(2);

    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @InjectAirbyteStandIn
    AirbyteStandIn standIn;

    @InjectJwtIssuer
    TestJwtIssuer issuer;

    @Test
    @Order(1)
    void shouldAnswer503AndStayUnreadyUntilTheKeysCanBeFetched() throws Exception {
        given().get(readiness).then().statusCode(503)
                .body("checks.find { it.name == 'identity-provider-keys' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'identity-provider-keys' }.data.loaded", equalTo(false));
        standIn.reset();

        // Refused without keys, even though none are loaded (BearerTokenVerifierTest proves no key is even asked for).
        for (String garbage : List.of("caller-credential", "a.b.c", issuer.unsigned(TestJwtIssuer.claims("alice")))) {
            mint(garbage).then().statusCode(401).body("type", equalTo(PROBLEM + "unauthenticated"));
        }

        String valid = issuer.token("alice");
        // The window is exactly the burst: from just before the first request is sent to just after the last answer.
        long started = System.nanoTime();
        List<Response> answers = concurrently(CONCURRENT, () -> mint(valid));
        long ended = System.nanoTime();
        List<JwksRequest> fetches = issuer.jwksAnswered();
        long burstMillis = Duration.ofNanos(ended - started).toMillis();
        for (Response answer : answers) {
            answer.then().statusCode(503).contentType("application/problem+json")
                    .body("type", equalTo(PROBLEM + "identity-provider-unavailable"))
                    .body("status", equalTo(503)).body("instance", equalTo(PATH));
            assertThat(Integer.parseInt(answer.header("Retry-After"))).isBetween(1, 10);
        }
        assertThat(issuer.mostConcurrentJwksRequests()).as("JWKS fetches in flight at once").isEqualTo(1);
        // Timing-free: whatever the machine's speed, no fetch comes sooner than the backoff after the failure before it
        // (0.5 s after the first failure, doubling). Load can only lengthen these gaps, never shorten them.
        assertBackoffHonoured(fetches);
        // Hence requests do not fetch one each: a burst sees at most one fetch per FIRST_RETRY (the shortest backoff).
        long inBurst = issuer.jwksArrivalsNanos().stream().filter(arrived -> arrived >= started && arrived <= ended).count();
        assertThat(inBurst).as("JWKS fetches during %d concurrent requests in %d ms", CONCURRENT, burstMillis)
                .isLessThanOrEqualTo(1 + burstMillis / IdentityProviderKeys.FIRST_RETRY.toMillis());
        assertThat(UpstreamCalls.forRequests(standIn)).as("nothing reached Airbyte").isEmpty();

        issuer.failing(false);
        // The gateway retries by itself with backoff (at most 10 s apart): no request is needed to recover.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get(readiness).then().statusCode(200));
        mint(valid).then().statusCode(200);
        List<JwksRequest> untilRecovered = issuer.jwksAnswered();
        assertThat(untilRecovered).as("failed fetches, then the one that loaded the keys").hasSizeGreaterThan(1);
        assertBackoffHonoured(untilRecovered);
    }

    @Test
    @Order(2)
    void shouldShareOneFetchAmongRequestsWaitingForASlowProvider() throws Exception {
        keysLoaded();
        issuer.delay(Duration.ofMillis(600));
        issuer.rotate();
        String rotated = issuer.token("bob");
        int before = issuer.jwksRequests();

        long started = System.nanoTime();
        List<Response> answers = concurrently(CONCURRENT, () -> mint(rotated));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        answers.forEach(answer -> answer.then().statusCode(200));
        assertThat(issuer.jwksRequests() - before).as("one refetch for the new key id").isEqualTo(1);
        assertThat(issuer.mostConcurrentJwksRequests()).as("JWKS fetches in flight at once").isEqualTo(1);
        assertThat(took).as("waited for one fetch, not one each").isLessThan(Duration.ofSeconds(5));
    }

    @Test
    @Order(3)
    void shouldGiveUpOnAHangingProviderAfterTheTimeoutAndStayReady() throws Exception {
        keysLoaded();
        issuer.delay(Duration.ofSeconds(4));
        issuer.rotate();
        String rotated = issuer.token("carol");

        long started = System.nanoTime();
        mint(rotated).then().statusCode(503).body("type", equalTo(PROBLEM + "identity-provider-unavailable"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).as("bounded by gateway.identity.jwt.jwks-timeout (1 s here)").isLessThan(Duration.ofMillis(2500));
        given().get(readiness).then().statusCode(200)
                .body("checks.find { it.name == 'identity-provider-keys' }.data.loaded", equalTo(true));
        issuer.delay(Duration.ZERO);
    }

    /**
     * Every JWKS request that follows a failure arrives at least {@code IdentityProviderKeys.backoff(n)} after that
     * failure was sent, n being the failures in a row so far. The gateway's backoff runs on the wall clock and this on
     * {@code nanoTime}: {@link #CLOCKS} absorbs their rounding, nothing else.
     */
    private static void assertBackoffHonoured(List<JwksRequest> fetches) {
        int failuresInARow = 0;
        for (int i = 1; i < fetches.size(); i++) {
            JwksRequest previous = fetches.get(i - 1);
            failuresInARow = previous.failed() ? failuresInARow + 1 : 0;
            if (previous.failed()) {
                Duration gap = Duration.ofNanos(fetches.get(i).arrivedNanos() - previous.answeredNanos());
                assertThat(gap.plus(CLOCKS)).as("fetch %d came %d ms after failure %d in a row", i + 1, gap.toMillis(),
                        failuresInARow).isGreaterThanOrEqualTo(IdentityProviderKeys.backoff(failuresInARow));
            }
        }
    }

    /** Each test after the first starts from a provider that answers and keys that are loaded, whatever came before. */
    private void keysLoaded() {
        issuer.failing(false);
        issuer.delay(Duration.ZERO);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get(readiness).then().statusCode(200));
    }

    private static Response mint(String token) {
        return given().contentType("application/json").header("Origin", ORIGIN).header("Authorization", "Bearer " + token)
                .body("{}").post(PATH);
    }

    private static List<Response> concurrently(int count, Callable<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<Response>> futures = pool.invokeAll(IntStream.range(0, count).mapToObj(i -> request).toList());
            List<Response> answers = new java.util.ArrayList<>();
            for (Future<Response> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
