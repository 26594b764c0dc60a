package io.embedded.gateway.rest;

import static io.embedded.gateway.standin.AirbyteStandIn.OPERATOR_TOKEN_PATH;
import static io.embedded.gateway.standin.AirbyteStandIn.WIDGET_TOKEN_PATH;
import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.embedded.gateway.support.WidgetTokenRequests.assertProblem;
import static io.embedded.gateway.support.WidgetTokenRequests.mint;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.net.URL;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.standin.StandInFault;
import io.embedded.gateway.support.FaultMatrixStandInResource;
import io.embedded.gateway.support.InjectAirbyteStandIn;
import io.embedded.gateway.token.OperatorTokenService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Airbyte's bad days, one by one: our status and problem type, {@code Retry-After} where promised, the exact number of
 * upstream calls (retries included), readiness, and that one bad call does not hold up good ones.
 */
@QuarkusTest
@WithTestResource(FaultMatrixStandInResource.class)
class FaultMatrixTest {

    /** How long the stand-in hangs in {@code aHangingCallDoesNotDelayHealthyOnes}: far beyond the read timeout. */
    static final int HANG_MILLIS = 60_000;

    @InjectAirbyteStandIn
    AirbyteStandIn standIn;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    OperatorTokenService operatorTokens;

    // The management root (/q) is prefixed automatically.
    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @TestHTTPResource(value = "/health/group/airbyte", management = true)
    URL airbyteHealth;

    @BeforeEach
    void healthyAirbyteWithAWarmToken() {
        standIn.reset();
        breakers.resetAll();
        operatorTokens.invalidate().await().atMost(Duration.ofSeconds(5));
        // A test that ended with rejected credentials: the background recheck clears that within its interval.
        await().atMost(Duration.ofSeconds(5)).until(() -> readinessStatus() == 200);
        mint(ORIGIN, "warm-up").statusCode(200);
        standIn.clearJournal();
        // Each test starts with closed breakers and empty rolling windows.
        breakers.resetAll();
        await().atMost(Duration.ofSeconds(5)).until(() -> readinessStatus() == 200);
    }

    @Test
    void internalServerErrorIsNotRetried() {
        failWidgetCalls(fault -> fault.status(500));

        assertProblem(mint(ORIGIN, "u"), 502, "upstream-error");
        assertThat(standIn.widgetTokenCalls()).isEqualTo(1);
    }

    @Test
    void htmlBadGatewayIsRetriedTwice() {
        failWidgetCalls(fault -> fault.status(502).header("Content-Type", "text/html").body("<html>oops</html>"));

        assertProblem(mint(ORIGIN, "u"), 502, "upstream-error");
        assertThat(standIn.widgetTokenCalls()).isEqualTo(3);
    }

    @Test
    void serviceUnavailableIsRetriedTwice() {
        failWidgetCalls(fault -> fault.status(503));

        assertProblem(mint(ORIGIN, "u"), 502, "upstream-error");
        assertThat(standIn.widgetTokenCalls()).isEqualTo(3);
    }

    @Test
    void shortRetryAfterIsHonouredThenTheRetrySucceeds() {
        // Rate-limited once, then recovered: later calls fall through to the contract.
        standIn.inject(StandInFault.post(WIDGET_TOKEN_PATH).onlyFirst(1).status(429).header("Retry-After", "1"));

        long started = System.nanoTime();
        mint(ORIGIN, "u").statusCode(200);

        // A lower bound (the Retry-After given), which a slow machine can only exceed, never break.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("never sooner than Retry-After")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(standIn.widgetTokenCalls()).isEqualTo(2);
    }

    @Test
    void persistentShortRateLimitBecomesServiceUnavailableWithRetryAfter() {
        failWidgetCalls(fault -> fault.status(429).header("Retry-After", "1"));

        assertProblem(mint(ORIGIN, "u"), 503, "upstream-rate-limited").header("Retry-After", "1");
        assertThat(standIn.widgetTokenCalls()).isEqualTo(3);
    }

    @Test
    void longRetryAfterIsPassedOnWithoutRetrying() {
        failWidgetCalls(fault -> fault.status(429).header("Retry-After", "3600"));

        long started = System.nanoTime();
        assertProblem(mint(ORIGIN, "u"), 503, "upstream-rate-limited").header("Retry-After", "3600");

        assertThat(standIn.widgetTokenCalls()).isEqualTo(1);
        // Not a latency figure: waiting for the Retry-After (an hour) or for any retry delay would take far longer than
        // the read timeout, the bound here, which a loaded 2-core machine stays well inside.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered without waiting")
                .isLessThan(Duration.ofMillis(FaultMatrixStandInResource.READ_TIMEOUT_MILLIS));
    }

    @Test
    void connectionResetIsRetriedTwice() {
        failWidgetCalls(fault -> fault.resetConnection());

        assertProblem(mint(ORIGIN, "u"), 502, "upstream-error");
        assertThat(standIn.widgetTokenCalls()).isEqualTo(3);
    }

    @Test
    void emptyResponseIsRetriedTwice() {
        failWidgetCalls(fault -> fault.closeWithoutAnswer());

        assertProblem(mint(ORIGIN, "u"), 502, "upstream-error");
        assertThat(standIn.widgetTokenCalls()).isEqualTo(3);
    }

    @Test
    void malformedJsonIsABadResponse() {
        failWidgetCalls(fault -> fault.status(200).header("Content-Type", "application/json").body("{\"token\": "));

        assertProblem(mint(ORIGIN, "u"), 502, "upstream-bad-response");
        assertThat(standIn.widgetTokenCalls()).isEqualTo(1);
    }

    @Test
    void htmlPageWithAnOkStatusIsABadResponseNeverRetried() {
        failWidgetCalls(fault -> fault.status(200).header("Content-Type", "text/html").body("<html>login</html>"));

        assertProblem(mint(ORIGIN, "u"), 502, "upstream-bad-response");
        assertThat(standIn.widgetTokenCalls()).isEqualTo(1);
    }

    @Test
    void fieldsAirbyteAddsToAnAnswerAreIgnored() {
        String widgetToken = java.util.Base64.getEncoder().encodeToString(
                "{\"token\":\"opaque\",\"widgetUrl\":\"https://app.airbyte.ai/embedded-widget?workspaceId=w-1\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        failWidgetCalls(fault -> fault.status(200).header("Content-Type", "application/json")
                .body("{\"token\":\"" + widgetToken + "\",\"added_later\":{\"runtime_mode\":\"x\"}}"));

        mint(ORIGIN, "u").statusCode(200).body("token", org.hamcrest.Matchers.equalTo(widgetToken));
        assertThat(standIn.widgetTokenCalls()).isEqualTo(1);
    }

    @Test
    void answerWithoutTokenIsABadResponse() {
        failWidgetCalls(
                fault -> fault.status(200).header("Content-Type", "application/json").body("{\"detail\":\"ok\"}"));

        assertProblem(mint(ORIGIN, "u"), 502, "upstream-bad-response");
        assertThat(standIn.widgetTokenCalls()).isEqualTo(1);
    }

    @Test
    void slowAnswerBeyondTheTimeoutIsAGatewayTimeout() {
        failWidgetCalls(fault -> fault.answerAsTheContract()
                .after(Duration.ofMillis(FaultMatrixStandInResource.READ_TIMEOUT_MILLIS + 1_000)));

        assertProblem(mint(ORIGIN, "u"), 504, "upstream-timeout");
        assertThat(standIn.widgetTokenCalls()).isEqualTo(1);
    }

    @Test
    void aHangingCallDoesNotDelayHealthyOnes() {
        standIn.inject(StandInFault.post(WIDGET_TOKEN_PATH).whenJsonField("workspace_name", "hanging-user").status(200)
                .after(Duration.ofMillis(HANG_MILLIS)));

        long started = System.nanoTime();
        CompletableFuture<Integer> hanging = CompletableFuture
                .supplyAsync(() -> mint(ORIGIN, "hanging-user").extract().statusCode());
        await().atMost(Duration.ofSeconds(5)).until(() -> standIn.widgetTokenCalls() == 1);
        for (int i = 0; i < 5; i++) {
            long healthyStarted = System.nanoTime();
            mint(ORIGIN, "healthy-" + i).statusCode(200);
            // A healthy call queued behind the hanging one would wait for its read timeout: any bound below that
            // proves it was not, however slow the machine otherwise is.
            assertThat(Duration.ofNanos(System.nanoTime() - healthyStarted)).as("not held up by the hanging call")
                    .isLessThan(Duration.ofMillis(FaultMatrixStandInResource.READ_TIMEOUT_MILLIS));
        }

        assertThat(hanging.join()).isEqualTo(504);
        // Between the read timeout (2 s) and the hang (60 s): half the hang proves the timeout cut it, with room to spare.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the read timeout, not the hang")
                .isLessThan(Duration.ofMillis(HANG_MILLIS / 2));
    }

    @Test
    void cachedTokenKeepsServingWhileTheTokenEndpointIsDown() {
        standIn.inject(StandInFault.post(OPERATOR_TOKEN_PATH).status(503));

        for (int i = 0; i < 5; i++) {
            mint(ORIGIN, "user-" + i).statusCode(200);
        }
        assertThat(standIn.operatorTokenCalls()).isZero();
        assertThat(readinessStatus()).isEqualTo(200);
    }

    @Test
    void tokenRevokedMidLifeIsReplacedOnce() {
        standIn.revokeOperatorTokens();

        mint(ORIGIN, "u").statusCode(200);
        assertThat(standIn.operatorTokenCalls()).isEqualTo(1);
        assertThat(standIn.widgetTokenCalls()).isEqualTo(2);
    }

    @Test
    void openBreakerAnswersAtOnceThenRecoversAfterItsDelay() {
        failWidgetCalls(fault -> fault.status(500));
        for (int i = 0; i < FaultMatrixStandInResource.BREAKER_VOLUME; i++) {
            assertProblem(mint(ORIGIN, "u"), 502, "upstream-error");
        }

        standIn.clearJournal();
        String retryAfter = assertProblem(mint(ORIGIN, "u"), 503, "upstream-circuit-open").extract().header("Retry-After");
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 2);
        assertThat(standIn.widgetTokenCalls()).as("an open breaker calls nobody").isZero();
        given().get(airbyteHealth).then().statusCode(503)
                .body("checks.data.openCircuitBreakers", hasItem("airbyte-widget-token"));
        // The pod stays in the Service: browsers keep getting our 503 with CORS headers and Retry-After.
        assertThat(readinessStatus()).isEqualTo(200);

        standIn.reset();
        await().atMost(Duration.ofSeconds(5)).until(() -> given().get(airbyteHealth).then().extract().statusCode() == 200);
        mint(ORIGIN, "u").statusCode(200);
        assertThat(standIn.widgetTokenCalls()).isEqualTo(1);
    }

    @Test
    void sustainedThrottlingOpensTheBreakerWhileRefusalsDoNot() {
        failWidgetCalls(fault -> fault.status(400));
        for (int i = 0; i < 2 * FaultMatrixStandInResource.BREAKER_VOLUME; i++) {
            mint(ORIGIN, "u").statusCode(org.hamcrest.Matchers.not(503));
        }
        assertThat(standIn.widgetTokenCalls()).as("Airbyte's refusals leave the breaker closed")
                .isEqualTo(2 * FaultMatrixStandInResource.BREAKER_VOLUME);

        // 429s say Airbyte is throttling the organisation: the breaker pauses calls that would only spend its budget.
        breakers.resetAll();
        failWidgetCalls(fault -> fault.status(429).header("Retry-After", "3600"));
        for (int i = 0; i < FaultMatrixStandInResource.BREAKER_VOLUME; i++) {
            assertProblem(mint(ORIGIN, "u"), 503, "upstream-rate-limited");
        }
        standIn.clearJournal();
        assertProblem(mint(ORIGIN, "u"), 503, "upstream-circuit-open");
        assertThat(standIn.widgetTokenCalls()).as("an open breaker calls nobody").isZero();
    }

    @Test
    void rejectedCredentialsTakeReadinessDownUntilTheyWorkAgain() {
        rejectTheCredentials();
        given().get(readiness).then().statusCode(503).body("checks.data.credentialsRejected", hasItem(true));

        assertTheRecheckAloneNoticesTheyWorkAgain();
    }

    @Test
    void knownRejectedCredentialsAreNotSentAgainByRequests() {
        rejectTheCredentials();
        int before = standIn.operatorTokenCalls();
        long started = System.nanoTime();

        for (int i = 0; i < 20; i++) {
            assertProblem(mint(ORIGIN, "u" + i), 502, "upstream-credentials-rejected");
        }

        // Only the background recheck (every 300 ms here) still asks; before, each of the 20 requests sent the secret.
        // The bound is what the recheck alone sends over the measured window, so a slow machine raises it, and 20
        // requests that each sent the secret would still exceed it by 20.
        long rechecks = Duration.ofNanos(System.nanoTime() - started).toMillis() / 300 + 2;
        assertThat(standIn.operatorTokenCalls() - before).isLessThanOrEqualTo((int) rechecks);
        assertThat(standIn.widgetTokenCalls()).isZero();
        assertTheRecheckAloneNoticesTheyWorkAgain();
    }

    /** Airbyte starts refusing the client credentials, and a request finds out. */
    private void rejectTheCredentials() {
        operatorTokens.invalidate().await().atMost(Duration.ofSeconds(5));
        standIn.inject(StandInFault.post(OPERATOR_TOKEN_PATH).status(401));
        assertProblem(mint(ORIGIN, "u"), 502, "upstream-credentials-rejected");
    }

    /** The credentials work again; with no request arriving, the background recheck notices and the pod is ready. */
    private void assertTheRecheckAloneNoticesTheyWorkAgain() {
        standIn.reset();
        await().atMost(Duration.ofSeconds(5)).until(() -> readinessStatus() == 200);
        mint(ORIGIN, "u").statusCode(200);
    }

    private int readinessStatus() {
        return given().get(readiness).then().extract().statusCode();
    }

    private void failWidgetCalls(UnaryOperator<StandInFault> fault) {
        standIn.inject(fault.apply(StandInFault.post(WIDGET_TOKEN_PATH)));
    }
}
