package io.embedded.gateway.rest;

import static io.embedded.gateway.standin.AirbyteStandIn.WIDGET_TOKEN_PATH;
import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.embedded.gateway.support.AirbyteStandInResource.SECOND_ORIGIN;
import static io.embedded.gateway.support.WidgetTokenRequests.PATH;
import static io.embedded.gateway.support.WidgetTokenRequests.PROBLEM;
import static io.embedded.gateway.support.WidgetTokenRequests.assertProblem;
import static io.embedded.gateway.support.WidgetTokenRequests.mint;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.standin.StandInFault;
import io.embedded.gateway.standin.StandInRequest;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.InjectAirbyteStandIn;
import io.embedded.gateway.support.UpstreamCalls;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The widget-token endpoint over HTTP, against the Airbyte stand-in. Runs again against the packaged app (IT). */
@QuarkusTest
@WithTestResource(AirbyteStandInResource.class)
class WidgetTokenApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectAirbyteStandIn
    AirbyteStandIn standIn;

    @BeforeEach
    void resetStandIn() {
        standIn.reset();
    }

    @Test
    void shouldMintTokenBoundToTheCallersOrigin() throws Exception {
        String token = mint(ORIGIN, "user_123").statusCode(200)
                .header("Access-Control-Allow-Origin", ORIGIN)
                .header("Cache-Control", "no-store")
                .body("widgetUrl", startsWith(standIn.baseUrl() + "/embedded-widget?"))
                .body("workspaceId", equalTo(standIn.workspaceId("user_123")))
                .extract().path("token");

        JsonNode upstream = lastWidgetRequestBody();
        assertThat(upstream.get("allowed_origin").asText()).isEqualTo(ORIGIN);
        assertThat(upstream.get("workspace_name").asText()).isEqualTo("user_123");
        JsonNode decoded = JSON.readTree(Base64.getDecoder().decode(token));
        assertThat(decoded.get("widgetUrl").asText()).contains("allowedOrigin=https%3A%2F%2Fapp.partner.example");
    }

    @Test
    void shouldDecodeExpiryFromTheInnerToken() {
        String expiresAt = mint(ORIGIN, "user_123").statusCode(200).extract().path("expiresAt");

        Instant expiry = Instant.parse(expiresAt);
        assertThat(expiry).isAfter(Instant.now().plus(Duration.ofMinutes(19)))
                .isBefore(Instant.now().plus(Duration.ofMinutes(21)));
    }

    @Test
    void shouldContinueTheCallersTraceToAirbyte() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callersSpan = "00f067aa0ba902b7";
        given().contentType("application/json").header("Origin", ORIGIN)
                .header("traceparent", "00-" + traceId + "-" + callersSpan + "-01")
                .body("{\"userId\":\"traced\"}").post(PATH).then().statusCode(200);

        List<StandInRequest> requests = widgetRequests();
        assertThat(requests).isNotEmpty();
        // Same trace, sampled, with the gateway's own span as the parent Airbyte sees.
        assertThat(requests.get(requests.size() - 1).header("traceparent"))
                .matches("00-" + traceId + "-[0-9a-f]{16}-01").doesNotContain(callersSpan);
    }

    @Test
    void shouldKeepTheSameWorkspaceForTheSameUser() {
        String first = mint(ORIGIN, "alice@partner.example").statusCode(200).extract().path("workspaceId");
        String second = mint(SECOND_ORIGIN, "alice@partner.example").statusCode(200).extract().path("workspaceId");
        String other = mint(ORIGIN, "bob@partner.example").statusCode(200).extract().path("workspaceId");

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void shouldSendEachAllowedOriginUpstreamExactly() throws Exception {
        mint(SECOND_ORIGIN, "user_123").statusCode(200).header("Access-Control-Allow-Origin", SECOND_ORIGIN);

        assertThat(lastWidgetRequestBody().get("allowed_origin").asText()).isEqualTo(SECOND_ORIGIN);
    }

    @Test
    void shouldUseTheDefaultOriginForCallersWithoutOne() throws Exception {
        given().contentType("application/json").body("{\"userId\":\"server-side\"}").post(PATH).then().statusCode(200);

        assertThat(lastWidgetRequestBody().get("allowed_origin").asText()).isEqualTo(ORIGIN);
    }

    @Test
    void shouldRefuseOtherOriginsWithoutCallingAirbyte() {
        for (String origin : List.of("https://evil.example", "https://app.partner.example.evil.example",
                "https://app.partner.example:8443",
                "http://app.partner.example", "null")) {
            mint(origin, "user_123").statusCode(403);
        }

        assertThat(UpstreamCalls.forRequests(standIn)).isEmpty();
    }

    @Test
    void shouldAnswerPreflightForAllowedOriginsOnly() {
        given().header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .options(PATH).then().statusCode(200)
                .header("Access-Control-Allow-Origin", ORIGIN)
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Content-Type"));
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options(PATH).then().statusCode(403);

        assertThat(UpstreamCalls.forRequests(standIn)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "{}", "{\"userId\":\"\"}", "{\"userId\":\"   \"}", "{\"userId\":null}", "{\"userId\":123}",
            "{\"userId\":[\"a\"]}", "{\"userId\":{\"id\":\"a\"}}", "{\"userId\":\"a\\u0000b\"}",
            "{\"userId\":\"line\\nbreak\"}",
            "{\"userId\":\"tab\\tuser\"}", "{\"userId\":\"../../etc\"}", "{\"userId\":\"x\",\"extra\":true}",
            "{\"userId\":\"x\",\"userId\":\"y\"}", "not json", "{\"userId\":", "[]", "\"user\"",
            "{\"userId\":\"a\"} {\"userId\":\"b\"}", "{\"userId\":\"a\"}]" })
    void shouldRejectBadBodiesWithoutCallingAirbyte(String body) {
        given().contentType("application/json").header("Origin", ORIGIN).body(body).post(PATH).then()
                .statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "invalid-request"))
                .body("status", equalTo(400))
                .body("instance", equalTo(PATH));

        assertThat(UpstreamCalls.forRequests(standIn)).isEmpty();
    }

    @Test
    void shouldNeverTrustAnOriginBecauseItMatchesTheHostHeader() {
        given().contentType("application/json").header("Origin", "http://evil.example").header("Host", "evil.example")
                .body("{\"userId\":\"u\"}").post(PATH).then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());

        assertThat(UpstreamCalls.forRequests(standIn)).isEmpty();
    }

    @Test
    void shouldIgnoreQueryStringsAndKeepThemOutOfLogs() throws Exception {
        // LogHygieneIT then fails if the id reached any log line (the access log used to print the request line).
        given().contentType("application/json").header("Origin", ORIGIN).body("{\"userId\":\"query-caller\"}")
                .post(PATH + "?userId=" + AirbyteStandInResource.QUERY_USER_ID).then().statusCode(200);

        assertThat(lastWidgetRequestBody().get("workspace_name").asText()).isEqualTo("query-caller");
    }

    @Test
    void shouldRejectMissingAndOversizedBodies() {
        given().contentType("application/json").header("Origin", ORIGIN).post(PATH).then()
                .statusCode(400).contentType("application/problem+json").body("type", equalTo(PROBLEM + "invalid-request"));
        given().contentType("application/json").header("Origin", ORIGIN).body("{\"userId\":\"" + "u".repeat(129) + "\"}")
                .post(PATH)
                .then().statusCode(400).body("errors[0].pointer", equalTo("/userId"));
        given().contentType("application/json").header("Origin", ORIGIN).body("{\"userId\":\"" + "u".repeat(20_000) + "\"}")
                .post(PATH)
                .then().statusCode(413);

        assertThat(UpstreamCalls.forRequests(standIn)).isEmpty();
    }

    @Test
    void shouldNameTheInvalidFieldButNeverEchoItsValue() {
        String secretLooking = "hunter2\u0007secret";
        given().contentType("application/json").header("Origin", ORIGIN)
                .body("{\"userId\":\"" + secretLooking.replace("\u0007", "\\u0007") + "\"}")
                .post(PATH).then().statusCode(400)
                .body("errors[0].pointer", equalTo("/userId"))
                .body(org.hamcrest.Matchers.not(containsString("hunter2")));
    }

    @Test
    void shouldRejectNonJsonContent() {
        given().contentType("text/plain").header("Origin", ORIGIN).body("userId=x").post(PATH).then()
                .statusCode(415).contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "unsupported-media-type"));
    }

    @Test
    void shouldNotForwardCallerCredentialsToAirbyte() {
        given().contentType("application/json").header("Origin", ORIGIN).header("Authorization", "Bearer caller-credential")
                .header("Cookie", "session=caller-cookie").body("{\"userId\":\"user_123\"}").post(PATH).then().statusCode(200);

        StandInRequest upstream = widgetRequests().get(0);
        assertThat(upstream.header("Authorization")).startsWith("Bearer ").doesNotContain("caller-credential");
        assertThat(upstream.hasHeader("Cookie")).isFalse();
    }

    @Test
    void shouldReportUpstreamServerErrorAsBadGateway() {
        failWidgetCalls(fault -> fault.status(500).body("{\"detail\":\"Traceback: internal secret\"}"));

        assertProblem(mint(ORIGIN, "user_123"), 502, "upstream-error")
                .body(org.hamcrest.Matchers.not(containsString("Traceback")));
        assertThat(standIn.widgetTokenCalls()).as("500 is not transient: no retry").isEqualTo(1);
    }

    @Test
    void shouldRetryAnHtmlBadGatewayThenReportIt() {
        failWidgetCalls(fault -> fault.status(502).header("Content-Type", "text/html")
                .body("<html><body>Bad gateway</body></html>"));

        assertProblem(mint(ORIGIN, "user_123"), 502, "upstream-error").body(org.hamcrest.Matchers.not(containsString("html")));
        assertThat(standIn.widgetTokenCalls()).as("1 call + 2 retries").isEqualTo(3);
    }

    @Test
    void shouldReportGarbledAnswersAsBadResponses() {
        for (String body : List.of("{not json", "", "[]", "{\"tok\":\"x\"}", "{\"token\":\"%%%\"}",
                "{\"token\":\"" + base64("{\"token\":\"t\"}") + "\"}")) {
            failWidgetCalls(fault -> fault.status(200).header("Content-Type", "application/json").body(body));
            assertProblem(mint(ORIGIN, "user_123"), 502, "upstream-bad-response");
        }
    }

    @Test
    void shouldReportSlowAnswersAsTimeouts() {
        failWidgetCalls(fault -> fault.status(200)
                .after(Duration.ofMillis(AirbyteStandInResource.READ_TIMEOUT_MILLIS + 1_000)).body("{}"));

        assertProblem(mint(ORIGIN, "user_123"), 504, "upstream-timeout");
        assertThat(standIn.widgetTokenCalls()).isEqualTo(1);
    }

    @Test
    void shouldReportConnectionResetAfterRetrying() {
        failWidgetCalls(StandInFault::resetConnection);

        assertProblem(mint(ORIGIN, "user_123"), 502, "upstream-error");
        assertThat(standIn.widgetTokenCalls()).isEqualTo(3);
    }

    @Test
    void shouldAskCallersToBackOffWhenAirbyteRateLimits() {
        failWidgetCalls(fault -> fault.status(429).header("Retry-After", "3600"));

        assertProblem(mint(ORIGIN, "user_123"), 503, "upstream-rate-limited").header("Retry-After", equalTo("3600"));
    }

    @Test
    void shouldNeverLeakCredentialsOrUpstreamDetailsInProblems() {
        failWidgetCalls(
                fault -> fault.status(400).body("{\"message\":\"bad\",\"errors\":[{\"field\":\"client_secret\"}]}"));

        String body = mint(ORIGIN, "user_123").statusCode(502).extract().asString();
        assertThat(body).doesNotContain(AirbyteStandInResource.CLIENT_SECRET).doesNotContain("Bearer")
                .doesNotContain("client_secret")
                .doesNotContain("Exception").doesNotContain("at io.");
    }

    private void failWidgetCalls(UnaryOperator<StandInFault> fault) {
        standIn.clearJournal();
        standIn.inject(fault.apply(StandInFault.post(WIDGET_TOKEN_PATH)));
    }

    private List<StandInRequest> widgetRequests() {
        return standIn.requests("POST", WIDGET_TOKEN_PATH);
    }

    private JsonNode lastWidgetRequestBody() throws Exception {
        List<StandInRequest> requests = widgetRequests();
        assertThat(requests).isNotEmpty();
        return JSON.readTree(requests.get(requests.size() - 1).body());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
