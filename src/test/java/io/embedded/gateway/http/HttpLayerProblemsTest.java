package io.embedded.gateway.http;

import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.InjectAirbyteStandIn;
import io.embedded.gateway.support.UpstreamCalls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

/**
 * Requests refused by the HTTP layer get the documented problem, CORS and security headers, a closed connection where
 * the request may not have been read, and never reach Airbyte. Runs again against the packaged app (IT); the audit
 * lines and the absence of ERROR lines are checked over every log by {@code LogHygieneIT}.
 */
@QuarkusTest
@WithTestResource(AirbyteStandInResource.class)
class HttpLayerProblemsTest {

    static final String PATH = "/api/airbyte/widget-token";
    static final String PROBLEM = "urn:airbyte-embedded-gateway:problem:";

    @InjectAirbyteStandIn
    AirbyteStandIn standIn;

    @BeforeEach
    void resetStandIn() {
        standIn.reset();
    }

    @Test
    void shouldRefuseABodyOverTheLimitAnnouncedByContentLength() {
        String body = "{\"userId\":\"" + "u".repeat(20_000) + "\"}";

        refused(given().contentType("application/json").header("Origin", ORIGIN).body(body).post(PATH).then(), 413,
                "payload-too-large", PATH)
                .header("Access-Control-Allow-Origin", ORIGIN)
                .header("Connection", "close");

        assertThat(UpstreamCalls.forRequests(standIn)).isEmpty();
    }

    @Test
    void shouldRefuseAChunkedBodyOnceItPassesTheLimit() throws Exception {
        byte[] body = ("{\"userId\":\"" + "u".repeat(40_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + PATH))
                .header("Content-Type", "application/json").header("Origin", ORIGIN)
                // A stream of unknown length: the client sends it chunked, with no Content-Length to refuse it by.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = new ObjectMapper().readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo(PROBLEM + "payload-too-large");
        assertThat(problem.get("instance").asText()).isEqualTo(PATH);
        assertThat(UpstreamCalls.forRequests(standIn)).isEmpty();
    }

    @Test
    void shouldRefuseAUriOverTheLimit() {
        String query = "?junk=" + "a".repeat(HttpLayerProblems.MAX_URI_LENGTH);

        refused(given().header("Origin", ORIGIN).urlEncodingEnabled(false).get("/api/airbyte/sources" + query).then(), 414,
                "uri-too-long", "/api/airbyte/sources")
                .header("Connection", "close");

        assertThat(UpstreamCalls.forRequests(standIn)).isEmpty();
    }

    @Test
    void shouldRefuseHeadersOverTheLimit() {
        refused(given().header("Origin", ORIGIN).header("X-Padding", "p".repeat(HttpLayerProblems.MAX_HEADER_BYTES))
                .get("/api/airbyte/sources").then(), 431, "headers-too-large", "/api/airbyte/sources")
                .header("Connection", "close");

        assertThat(UpstreamCalls.forRequests(standIn)).isEmpty();
    }

    @Test
    void shouldTakeABodyJustUnderTheLimitAndALargeJwtSizedHeader() {
        String userId = "u".repeat(100);
        String padding = " ".repeat(16_384 - ("{\"userId\":\"" + userId + "\"}").length());

        given().contentType("application/json").header("Origin", ORIGIN).header("X-Large-Token", "t".repeat(8_000))
                .body("{\"userId\":\"" + userId + "\"}" + padding).post(PATH)
                .then().log().ifValidationFails().statusCode(200);
    }

    @Test
    void shouldCutAnUnknownFieldNameItEchoesInThePointer() {
        String name = "x".repeat(15_000);

        List<String> pointers = given().contentType("application/json").header("Origin", ORIGIN)
                .body("{\"userId\": \"u1\", \"" + name + "\": 1}").post(PATH)
                .then().statusCode(400).body("type", equalTo(PROBLEM + "invalid-request"))
                .extract().path("errors.pointer");

        assertThat(pointers).singleElement().asString().startsWith("/xxx").hasSizeLessThanOrEqualTo(201).endsWith("…");
        assertThat(UpstreamCalls.forRequests(standIn)).isEmpty();
    }

    @Test
    void shouldCutAPointerBetweenCharactersNotInsideOne() {
        // Two UTF-16 units each: a cut after the 200th unit would leave half a character, which JSON cannot carry.
        String name = "\uD83D\uDE00".repeat(150);

        List<String> pointers = given().contentType("application/json; charset=utf-8").header("Origin", ORIGIN)
                .body(("{\"userId\": \"u1\", \"" + name + "\": 1}").getBytes(StandardCharsets.UTF_8)).post(PATH)
                .then().statusCode(400).extract().path("errors.pointer");

        assertThat(pointers).singleElement().asString().isEqualTo("/" + "\uD83D\uDE00".repeat(99) + "…");
    }

    @Test
    void shouldCloseConnectionsBeyondTheCap() throws Exception {
        int max = ConfigProvider.getConfig().getValue("quarkus.http.limits.max-connections", Integer.class);
        double rejectedBefore = rejectedConnections();
        List<Socket> held = new ArrayList<>();
        Socket refused = null;
        try {
            // Each connection is answered once before the next opens, so every one of them is counted; a few may be
            // held by other clients already, and one more past the cap must not be answered.
            while (refused == null && held.size() <= max) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port);
                socket.setSoTimeout(10_000);
                if (preflightAnswered(socket)) {
                    held.add(socket);
                } else {
                    refused = socket;
                }
            }
            assertThat(refused).as("a connection past the cap of %d", max).isNotNull();
            // Connections other test classes keep alive in the same application count against the cap too (the
            // packaged application is shared by every integration test with this configuration), so only the upper
            // bound is exact.
            assertThat(held.size()).isBetween(max / 2, max);
            assertThat(rejectedConnections()).isGreaterThan(rejectedBefore);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
            if (refused != null) {
                refused.close();
            }
        }
        // The closed connections are given back: new ones are answered again.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "POST").options(PATH).then().statusCode(200));
    }

    private static boolean preflightAnswered(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(("OPTIONS " + PATH + " HTTP/1.1\r\nHost: localhost\r\nOrigin: " + ORIGIN
                    + "\r\nAccess-Control-Request-Method: POST\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder statusLine = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                statusLine.append((char) c);
            }
            return statusLine.toString().startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            // Reset: the connection was closed as soon as it was accepted.
            return false;
        }
    }

    /** {@code vertx_http_connections_rejected_total} of the application under test. */
    private static double rejectedConnections() {
        // @QuarkusTest: the application registers its meters in this JVM.
        Counter rejected = Metrics.globalRegistry.find("vertx.http.connections.rejected").counter();
        if (rejected != null) {
            return rejected.count();
        }
        // The packaged application (HttpLayerProblemsIT): its scrape on the management port.
        String scrape = given().get("http://localhost:" + AirbyteStandInResource.managementPort() + "/q/metrics").then()
                .statusCode(200).extract().asString();
        return scrape.lines().filter(line -> line.startsWith("vertx_http_connections_rejected_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static ValidatableResponse refused(ValidatableResponse response, int status, String type, String instance) {
        return response.statusCode(status).contentType(startsWith("application/problem+json"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-store")
                .body("type", equalTo(PROBLEM + type)).body("status", equalTo(status))
                .body("instance", equalTo(instance));
    }
}
