package io.embedded.gateway.audit;

import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.embedded.gateway.support.AirbyteStandInResource.QUERY_USER_ID;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.support.AirbyteStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * What a caller controls in an audit line stays short: a path or method of thousands of characters would otherwise be
 * written whole into a line per request.
 */
@QuarkusTest
@WithTestResource(AirbyteStandInResource.class)
class AuditLogTest {

    static final Logger AUDIT = Logger.getLogger("io.embedded.gateway.audit");
    static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> lines = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (message != null && message.startsWith(AuditLog.MARKER)) {
                try {
                    lines.add(JSON.readTree(message.substring(AuditLog.MARKER.length())));
                } catch (Exception e) {
                    throw new AssertionError("an audit line is not JSON: " + message, e);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureAuditLines() {
        AUDIT.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        AUDIT.removeHandler(capture);
    }

    @Test
    void shouldWriteAnEndpointPathWhole() {
        given().contentType("application/json").header("Origin", ORIGIN).body("{\"userId\": \"u1\"}")
                .post("/api/airbyte/widget-token").then().statusCode(200);

        assertThat(line(200).get("event").asText()).isEqualTo("/api/airbyte/widget-token");
    }

    @Test
    void shouldWriteEveryFieldInItsDocumentedOrderWithNullsSpelledOut() {
        given().contentType("application/json").header("Origin", ORIGIN).body("{\"userId\": \"u1\"}")
                .post("/api/airbyte/widget-token").then().statusCode(200);

        // Log pipelines parse these lines: the same keys in the same order on every line, an absent value as null.
        JsonNode line = line(200);
        List<String> fields = new java.util.ArrayList<>();
        line.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("event", "method", "status", "outcome", "origin", "originAllowed", "mode",
                "identity", "workspaceId", "limitedBy", "upstreamMs", "durationMs", "traceId");
        assertThat(line.get("limitedBy").isNull()).isTrue();
        assertThat(line.get("status").isInt()).isTrue();
        assertThat(line.get("originAllowed").isBoolean()).isTrue();
        assertThat(line.get("upstreamMs").isIntegralNumber()).isTrue();
    }

    @Test
    void shouldCutALongPathAndSaySo() {
        // Under the 4 KiB URI limit, so it is routed (404) rather than refused as too long.
        String path = "/api/" + "a".repeat(4_000);

        given().header("Origin", ORIGIN).get(path).then().statusCode(404);

        String event = line(404).get("event").asText();
        assertThat(event).hasSize(AuditLog.MAX_EVENT_LENGTH + 1).endsWith("…");
        assertThat(path).startsWith(event.substring(0, AuditLog.MAX_EVENT_LENGTH));
    }

    @Test
    void shouldCutALongMethodAndSaySo() throws Exception {
        String method = "M".repeat(2_000);
        HttpRequest request = HttpRequest.newBuilder(
                URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/airbyte/widget-token"))
                .header("Origin", ORIGIN).method(method, HttpRequest.BodyPublishers.noBody()).build();

        int status = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.discarding()).statusCode();

        assertThat(line(status).get("method").asText()).hasSize(AuditLog.MAX_METHOD_LENGTH + 1).endsWith("…");
    }

    @Test
    void shouldAuditARequestItsClientAbandonedMidBodyAsAbortedWithoutAnError() throws Exception {
        Logger quarkus = Logger.getLogger("io.quarkus");
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler errorCapture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        quarkus.addHandler(errorCapture);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port)) {
            // A body announced and never finished: the client goes away after 9 of its 100 bytes.
            socket.getOutputStream().write(("POST /api/airbyte/widget-token?userId=" + QUERY_USER_ID
                    + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                    + "{\"userId\"").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            await().pollDelay(Duration.ofMillis(200)).until(() -> true);
        }

        JsonNode line = line(499);
        assertThat(line.get("outcome").asText()).isEqualTo("aborted");
        // Nothing of ours failed: no ERROR line (which carried the URI, query and user id included).
        assertThat(errors).isEmpty();
        quarkus.removeHandler(errorCapture);
    }

    private JsonNode line(int status) {
        return await().atMost(Duration.ofSeconds(5))
                .until(() -> lines.stream().filter(line -> line.get("status").asInt() == status).findFirst().orElse(null),
                        line -> line != null);
    }
}
