package io.embedded.gateway.tracing;

import static io.embedded.gateway.standin.AirbyteStandIn.GITHUB_TEMPLATE;
import static io.embedded.gateway.standin.AirbyteStandIn.WIDGET_TOKEN_PATH;
import static io.embedded.gateway.support.AirbyteStandInResource.CLIENT_SECRET;
import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.standin.StandInFault;
import io.embedded.gateway.standin.StandInRequest;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.InjectAirbyteStandIn;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Traces across the hops: the caller's {@code traceparent} continues to Airbyte, one span per upstream call with its
 * operation, outcome and retry count, no secret or user id in anything exported, and the trace id in the audit line.
 */
@QuarkusTest
@WithTestResource(AirbyteStandInResource.class)
class TracingTest {

    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("airbyte.operation");
    private static final AttributeKey<Long> RETRY_COUNT = AttributeKey.longKey("airbyte.retry_count");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    private static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{5,}");

    @Inject
    InMemorySpanExporter exported;

    @InjectAirbyteStandIn
    AirbyteStandIn standIn;

    private final List<String> auditLines = new CopyOnWriteArrayList<>();
    private final Handler auditCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            auditLines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void reset() {
        standIn.reset();
        exported.reset();
        Logger.getLogger("io.embedded.gateway.audit").addHandler(auditCapture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("io.embedded.gateway.audit").removeHandler(auditCapture);
    }

    @Test
    void upstreamCallIsOneSpanInTheCallersTrace() {
        String traceId = newTraceId();
        mint(traceId, "traced-user").then().statusCode(200);

        SpanData call = awaitSpan(traceId, "airbyte widget-token");
        assertThat(call.getAttributes().get(OPERATION)).isEqualTo("widget-token");
        assertThat(call.getAttributes().get(RETRY_COUNT)).isZero();
        assertThat(call.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        spans(traceId).forEach(span -> System.out.println("SPAN " + span.getName() + " " + span.getKind() + " "
                + span.getSpanId() + " <- " + span.getParentSpanId() + " " + span.getAttributes()));
        SpanData server = only(spans(traceId), span -> span.getKind() == SpanKind.SERVER);
        assertThat(server.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(call.getParentSpanId()).isEqualTo(server.getSpanId());

        SpanData request = only(spans(traceId), span -> span.getKind() == SpanKind.CLIENT);
        assertThat(request.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(request.getAttributes().get(STATUS)).isEqualTo(200L);
        StandInRequest received = lastWidgetRequest();
        assertThat(received.header("traceparent")).isEqualTo("00-" + traceId + "-" + request.getSpanId() + "-01");
    }

    @Test
    void callersBaggageAndTraceStateDoNotReachAirbyte() {
        String traceId = newTraceId();

        withTrace(traceId).header("baggage", "tenant=victim,role=admin").header("tracestate", "evil=1")
                .contentType("application/json").header("Origin", ORIGIN).body("{\"userId\":\"baggage-user\"}")
                .post("/api/airbyte/widget-token").then().statusCode(200);

        assertThat(lastWidgetRequest().header("traceparent")).contains(traceId);
        assertThat(standIn.requests()).isNotEmpty().allSatisfy(received -> {
            assertThat(received.hasHeader("baggage")).as(received.url()).isFalse();
            assertThat(received.header("tracestate")).as(received.url()).isNullOrEmpty();
        });
        assertThat(awaitSpan(traceId, "airbyte widget-token").getSpanContext().getTraceState().isEmpty()).isTrue();
    }

    @Test
    void callerCannotSwitchTracingOff() {
        String traceId = newTraceId();

        given().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-00").contentType("application/json")
                .header("Origin", ORIGIN).body("{\"userId\":\"unsampled-user\"}").post("/api/airbyte/widget-token")
                .then().statusCode(200);

        awaitSpan(traceId, "airbyte widget-token");
        SpanData server = only(spans(traceId), span -> span.getKind() == SpanKind.SERVER);
        assertThat(server.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        SpanData request = only(spans(traceId), span -> span.getKind() == SpanKind.CLIENT);
        assertThat(lastWidgetRequest().header("traceparent"))
                .isEqualTo("00-" + traceId + "-" + request.getSpanId() + "-01");
    }

    @Test
    void longAttributeValuesAreCut() {
        String traceId = newTraceId();

        withTrace(traceId).header("User-Agent", "x".repeat(5000)).contentType("application/json")
                .header("Origin", ORIGIN).body("{\"userId\":\"long-agent-user\"}").post("/api/airbyte/widget-token")
                .then().statusCode(200);

        awaitSpan(traceId, "airbyte widget-token");
        SpanData server = only(spans(traceId), span -> span.getKind() == SpanKind.SERVER);
        assertThat(server.getAttributes().get(USER_AGENT)).isEqualTo("x".repeat(1024));
    }

    @Test
    void retriedCallCountsItsRetriesBesideOneHttpSpanPerAttempt() {
        // Unavailable once, then recovered: the retry gets the contract's answer.
        standIn.inject(StandInFault.post(WIDGET_TOKEN_PATH).onlyFirst(1).status(503));
        String traceId = newTraceId();

        mint(traceId, "retried-user").then().statusCode(200);

        SpanData call = awaitSpan(traceId, "airbyte widget-token");
        assertThat(call.getAttributes().get(RETRY_COUNT)).isEqualTo(1L);
        assertThat(spans(traceId)).filteredOn(span -> span.getKind() == SpanKind.CLIENT)
                .extracting(span -> span.getAttributes().get(STATUS)).containsExactlyInAnyOrder(503L, 200L);
    }

    @Test
    void failedCallSaysWhyWithAirbytesStatus() {
        standIn.inject(StandInFault.post(WIDGET_TOKEN_PATH).status(503));
        String traceId = newTraceId();

        mint(traceId, "failing-user").then().statusCode(502);

        SpanData call = awaitSpan(traceId, "airbyte widget-token");
        assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(call.getAttributes().get(ERROR_TYPE)).isEqualTo("UNAVAILABLE");
        assertThat(call.getAttributes().get(STATUS)).isEqualTo(503L);
        assertThat(call.getAttributes().get(RETRY_COUNT)).isEqualTo(2L);
    }

    @Test
    void nothingExportedCarriesASecretATokenOrAUserId() {
        String user = "tracing-user-" + UUID.randomUUID();
        String minted = newTraceId();
        mint(minted, user).then().statusCode(200);
        String scoped = newTraceId();
        withTrace(scoped).contentType("application/json").header("Origin", ORIGIN).body("{\"userId\":\"" + user + "\"}")
                .post("/api/airbyte/scoped-token").then().statusCode(200);
        String created = newTraceId();
        withTrace(created).contentType("application/json").header("Origin", ORIGIN)
                .body("{\"userId\":\"" + user + "\",\"sourceTemplateId\":\"" + GITHUB_TEMPLATE
                        + "\",\"name\":\"Traced\",\"configuration\":{\"credentials\":{\"access_token\":\"tracedSecretValue\"},"
                        + "\"repositories\":[\"a/b\"]}}")
                .post("/api/airbyte/sources").then().statusCode(201);
        String listed = newTraceId();
        withTrace(listed).header("Origin", ORIGIN).queryParam("userId", user).get("/api/airbyte/sources").then()
                .statusCode(200);
        awaitSpan(listed, "airbyte list-sources");
        awaitSpan(created, "airbyte create-source");
        awaitSpan(scoped, "airbyte scoped-token");
        awaitSpan(minted, "airbyte widget-token");

        List<SpanData> all = exported.getFinishedSpanItems();
        assertThat(all).extracting(span -> span.getAttributes().get(OPERATION)).contains("widget-token", "scoped-token",
                "create-source", "list-sources");
        for (SpanData span : all) {
            String text = span.getName() + " " + span.getAttributes() + " " + span.getEvents() + " "
                    + span.getResource().getAttributes();
            assertThat(text).as(span.getName()).doesNotContain(user).doesNotContain(CLIENT_SECRET)
                    .doesNotContain("tracedSecretValue").doesNotContainPattern(JWT).doesNotContain("Bearer");
        }
    }

    @Test
    void auditLineCarriesTheTraceId() {
        String traceId = newTraceId();

        mint(traceId, "audited-user").then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(auditLines)
                .anyMatch(line -> line.contains("\"traceId\":\"" + traceId + "\"")));
    }

    private io.restassured.response.Response mint(String traceId, String user) {
        return withTrace(traceId).contentType("application/json").header("Origin", ORIGIN)
                .body("{\"userId\":\"" + user + "\"}").post("/api/airbyte/widget-token");
    }

    private static io.restassured.specification.RequestSpecification withTrace(String traceId) {
        return given().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
    }

    private SpanData awaitSpan(String traceId, String name) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> spans(traceId).stream().filter(span -> span.getName().equals(name)).findFirst().orElse(null),
                span -> span != null);
    }

    private List<SpanData> spans(String traceId) {
        return exported.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    private static SpanData only(List<SpanData> spans, java.util.function.Predicate<SpanData> which) {
        List<SpanData> matching = spans.stream().filter(which).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }

    private StandInRequest lastWidgetRequest() {
        List<StandInRequest> requests = standIn.requests().stream()
                .filter(request -> request.url().startsWith(WIDGET_TOKEN_PATH)).toList();
        assertThat(requests).isNotEmpty();
        return requests.get(requests.size() - 1);
    }

    private static String newTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
