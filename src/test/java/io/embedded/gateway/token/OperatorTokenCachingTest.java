package io.embedded.gateway.token;

import static io.embedded.gateway.standin.AirbyteStandIn.OPERATOR_TOKEN_PATH;
import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.embedded.gateway.client.UpstreamAvailability;
import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.standin.StandInFault;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.InjectAirbyteStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** One operator token serves every request until it expires; a rejected token is replaced once. */
@QuarkusTest
@WithTestResource(AirbyteStandInResource.class)
class OperatorTokenCachingTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @InjectAirbyteStandIn
    AirbyteStandIn standIn;

    @TestHTTPResource("/api/airbyte/widget-token")
    URI endpoint;

    @jakarta.inject.Inject
    OperatorTokenService operatorTokens;

    @jakarta.inject.Inject
    UpstreamAvailability availability;

    @BeforeEach
    void startCold() {
        standIn.reset();
        if (availability.credentialsRejected()) {
            // What CredentialsRecheck does in the background: one good token fetch clears a previous test's rejection.
            // A recheck that started before the reset may still be in flight, and the cache shares that miss (and its
            // rejection) with ours, so ask again until a fetch from the reset stand-in succeeds.
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .untilAsserted(() -> operatorTokens.current().await().atMost(Duration.ofSeconds(5)));
            standIn.clearJournal();
        }
        operatorTokens.invalidate().await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void shouldMakeOneTokenCallForFiftySequentialRequests() {
        for (int i = 0; i < 50; i++) {
            assertThat(mint("user-" + i).statusCode()).isEqualTo(200);
        }

        assertThat(standIn.operatorTokenCalls()).isEqualTo(1);
        assertThat(standIn.widgetTokenCalls()).isEqualTo(50);
    }

    @Test
    void shouldMakeOneTokenCallForFiftyConcurrentRequests() {
        // The stand-in answers the token exchange slowly, so all fifty requests find the cache empty.
        standIn.inject(StandInFault.post(OPERATOR_TOKEN_PATH).answerAsTheContract().after(Duration.ofMillis(300)));

        List<CompletableFuture<HttpResponse<String>>> inFlight = IntStream.range(0, 50).mapToObj(i -> mintAsync("user-" + i))
                .toList();

        assertThat(inFlight.stream().map(CompletableFuture::join).map(HttpResponse::statusCode)).containsOnly(200);
        assertThat(standIn.operatorTokenCalls()).isEqualTo(1);
        assertThat(standIn.widgetTokenCalls()).isEqualTo(50);
    }

    @Test
    void shouldFetchExactlyOneNewTokenAfterExpiry() {
        standIn.operatorTokenLifetime(Duration.ofSeconds(2));
        assertThat(mint("user-1").statusCode()).isEqualTo(200);
        assertThat(standIn.operatorTokenCalls()).isEqualTo(1);

        // Keep calling until the token's cache lifetime (2 s minus a 10% margin) has passed; each call must succeed.
        assertEveryMintUsesALiveTokenUntilTheSecondTokenCall();
    }

    @Test
    void shouldKeepATokenNoLongerThanItsJwtExpiryWhateverExpiresInSays() {
        standIn.operatorTokenLifetime(Duration.ofSeconds(2));
        standIn.claimedOperatorTokenLifetime(Duration.ofSeconds(900));
        assertThat(mint("user-1").statusCode()).isEqualTo(200);

        // With expires_in believed, the token would be kept for 900 s and Airbyte would reject it after 2.
        assertEveryMintUsesALiveTokenUntilTheSecondTokenCall();
    }

    /**
     * Mints until the gateway fetches its second operator token; each mint must succeed with exactly one widget call: a
     * request sent with an expired token is rejected and repeated, which costs a second one.
     */
    private void assertEveryMintUsesALiveTokenUntilTheSecondTokenCall() {
        AtomicInteger mints = new AtomicInteger(1);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(mint("user-1").statusCode()).isEqualTo(200);
            mints.incrementAndGet();
            assertThat(standIn.operatorTokenCalls()).isEqualTo(2);
        });
        assertThat(standIn.widgetTokenCalls()).as("no widget call was rejected and repeated").isEqualTo(mints.get());
    }

    @Test
    void shouldReplaceARevokedTokenAndStillSucceed() {
        assertThat(mint("user-1").statusCode()).isEqualTo(200);
        standIn.revokeOperatorTokens();

        assertThat(mint("user-1").statusCode()).isEqualTo(200);
        assertThat(standIn.operatorTokenCalls()).isEqualTo(2);
        assertThat(standIn.widgetTokenCalls()).as("ok, rejected, ok").isEqualTo(3);
    }

    @Test
    void shouldFetchOneReplacementWhenManyRequestsFindTheirTokenRevoked() {
        assertThat(mint("user-0").statusCode()).isEqualTo(200);
        standIn.revokeOperatorTokens();
        // A slow token exchange: every rejected request comes back while the replacement is still being fetched.
        standIn.inject(StandInFault.post(OPERATOR_TOKEN_PATH).answerAsTheContract().after(Duration.ofMillis(300)));

        List<CompletableFuture<HttpResponse<String>>> inFlight = IntStream.range(0, 40).mapToObj(i -> mintAsync("user-" + i))
                .toList();

        assertThat(inFlight.stream().map(CompletableFuture::join).map(HttpResponse::statusCode)).containsOnly(200);
        assertThat(standIn.operatorTokenCalls()).as("one revocation, one token call").isEqualTo(2);
    }

    @Test
    void shouldTreatForbiddenLikeUnauthorized() {
        standIn.unauthorizedStatus(403);
        assertThat(mint("user-1").statusCode()).isEqualTo(200);
        standIn.revokeOperatorTokens();

        assertThat(mint("user-1").statusCode()).isEqualTo(200);
        assertThat(standIn.operatorTokenCalls()).isEqualTo(2);
    }

    @Test
    void shouldNeverCacheAFailure() {
        standIn.inject(StandInFault.post(OPERATOR_TOKEN_PATH).status(500));
        assertThat(mint("user-1").statusCode()).isEqualTo(502);

        standIn.reset();
        assertThat(mint("user-1").statusCode()).isEqualTo(200);
        assertThat(standIn.operatorTokenCalls()).isEqualTo(1);
    }

    @Test
    void shouldReportRejectedCredentialsAsBadGatewayNeverUnauthorized() {
        standIn.inject(StandInFault.post(OPERATOR_TOKEN_PATH).status(401)
                .body("{\"detail\":\"Invalid authentication credentials\"}"));

        HttpResponse<String> response = mint("user-1");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("urn:airbyte-embedded-gateway:problem:upstream-credentials-rejected");
        assertThat(standIn.operatorTokenCalls()).as("credentials are not retried").isEqualTo(1);
        assertThat(standIn.widgetTokenCalls()).isZero();
    }

    private HttpResponse<String> mint(String userId) {
        return mintAsync(userId).join();
    }

    private CompletableFuture<HttpResponse<String>> mintAsync(String userId) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .header("Origin", ORIGIN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + userId + "\"}")).build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
