package io.embedded.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.standin.StandInFault;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.PackagedApplication;
import io.embedded.gateway.support.TestLogs;

/**
 * SIGTERM to the packaged application (jar or native): not ready at once while requests are still served (each then
 * closing its connection), then new requests get {@code 503 shutting-down} with {@code Retry-After} and
 * {@code Connection: close}, while a request already in flight finishes with its 200, which closes its connection too;
 * an idle keep-alive connection is closed by the gateway as soon as the signal comes, long before the listener closes;
 * then the process exits well within the shutdown timeout. Without a delay, clients that send again the moment their
 * 200 has arrived get a 503, not a cut connection: refusals are held until clients stop coming back.
 * {@code scripts/drain.sh} measures the same under load.
 */
class GracefulShutdownIT {

    static final String ORIGIN = "https://app.partner.example";
    /** Timings here are configured values, never measured latencies: {@code quarkus.shutdown.delay} for this run. */
    static final Duration DELAY = Duration.ofSeconds(2);
    /**
     * Longer than {@link #DELAY} by 1.5 s, so that the slow request is still in flight when the drain begins; the
     * test checks that it was (rather than assuming it), so a machine too slow for the margin fails saying so.
     */
    static final Duration SLOW_UPSTREAM = Duration.ofMillis(3_500);
    static final String CLIENT_SECRET = "shutdown-secret-value";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private AirbyteStandIn standIn;
    private Process gateway;
    private int port;
    private int management;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.destroyForcibly();
        }
        if (standIn != null) {
            standIn.close();
        }
    }

    @Test
    void shouldStopTakingWorkFinishWhatIsInFlightAndExit() throws Exception {
        standIn = AirbyteStandIn.start(0, "shutdown-client", CLIENT_SECRET);
        standIn.inject(StandInFault.post(AirbyteStandIn.WIDGET_TOKEN_PATH).whenBodyContains("in-flight-caller")
                .answerAsTheContract().after(SLOW_UPSTREAM));
        Path log = startGateway(DELAY);
        URI api = URI.create("http://127.0.0.1:" + port + "/api/airbyte/widget-token");
        URI readiness = URI.create("http://127.0.0.1:" + management + "/q/health/ready");

        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(mint(api, "in-flight-caller"),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> standIn.widgetTokenCalls() > 0);
        long sigterm;
        try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), port)) {
            idle.setSoTimeout(10_000);
            assertThat(exchange(idle, "idle-caller")).as("a keep-alive answer").startsWith("HTTP/1.1 200")
                    .doesNotContainIgnoringCase("connection: close");
            sigterm = System.nanoTime();
            gateway.destroy();

            // The gateway closes the idle connection itself (end of stream; a reset would throw here), not Vert.x
            // with its listener: the request in flight keeps the listener open until it has finished.
            assertThat(idle.getInputStream().read()).as("the idle connection is closed cleanly").isEqualTo(-1);
            assertThat(inFlight.isDone()).as("a request is still in flight").isFalse();
            assertThat(gateway.isAlive()).isTrue();
        }

        // Not ready at once: within the delay, since requests are still served during it.
        await().atMost(DELAY).until(() -> PackagedApplication.status(http, readiness) == 503);
        Duration sentAfter = Duration.ofNanos(System.nanoTime() - sigterm);
        HttpResponse<String> duringDelay = http.send(mint(api, "late-caller"), HttpResponse.BodyHandlers.ofString());
        // A request is served only while the delay lasts: say so if this machine was too slow to send it in time.
        assertThat(sentAfter).as("sent during the %s delay", DELAY).isLessThan(DELAY);
        assertThat(duringDelay.statusCode()).as("still routed here: served").isEqualTo(200);
        assertThat(duringDelay.headers().firstValue("Connection")).hasValue("close");

        HttpResponse<String> draining = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> http.send(mint(api, "draining-caller"), HttpResponse.BodyHandlers.ofString()),
                        response -> response.statusCode() == 503);
        // A lower bound (the configured delay), which a slow machine cannot break: refusals never come earlier.
        assertThat(Duration.ofNanos(System.nanoTime() - sigterm)).isGreaterThanOrEqualTo(DELAY);
        assertThat(draining.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(draining.headers().firstValue("Connection")).hasValue("close");
        assertThat(draining.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(draining.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
        JsonNode problem = new ObjectMapper().readTree(draining.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:airbyte-embedded-gateway:problem:shutting-down");
        assertThat(inFlight.isDone()).as("the slow request was still in flight when the drain began").isFalse();

        HttpResponse<String> finished = inFlight.get(15, TimeUnit.SECONDS);
        assertThat(finished.statusCode()).as("the request in flight finished").isEqualTo(200);
        assertThat(finished.headers().firstValue("Connection")).as("and closed its connection").hasValue("close");
        assertThat(gateway.waitFor(15, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(Files.readString(log)).doesNotContain("Timed out waiting for graceful shutdown")
                .contains("Shutting down: not ready for 2000 ms");
    }

    @Test
    void shouldKeepAnsweringWhileClientsWhoseRequestsEndedComeBack() throws Exception {
        standIn = AirbyteStandIn.start(0, "shutdown-client", CLIENT_SECRET);
        standIn.inject(StandInFault.post(AirbyteStandIn.WIDGET_TOKEN_PATH).whenBodyContains("first-caller")
                .answerAsTheContract().after(Duration.ofMillis(1_000)));
        standIn.inject(StandInFault.post(AirbyteStandIn.WIDGET_TOKEN_PATH).whenBodyContains("last-caller")
                .answerAsTheContract().after(Duration.ofMillis(1_200)));
        Path log = startGateway(Duration.ZERO);
        URI api = URI.create("http://127.0.0.1:" + port + "/api/airbyte/widget-token");

        // Each client sends again the moment its 200 (which closes its connection) has arrived, as a client with more
        // work does, on a connection it opened beforehand: what it writes reaches the gateway within moments, however
        // busy this machine is. The last caller's 200 ends the last request in flight: without the hold, Quarkus would
        // close the listener then, cutting the request its client sends next.
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<Exchanges> first = CompletableFuture.supplyAsync(() -> sendTwice("first-caller"), clients);
            CompletableFuture<Exchanges> last = CompletableFuture.supplyAsync(() -> sendTwice("last-caller"), clients);
            await().atMost(Duration.ofSeconds(10)).until(() -> standIn.widgetTokenCalls() == 2);
            gateway.destroy();

            Exchanges firstCaller = first.get(15, TimeUnit.SECONDS);
            Exchanges lastCaller = last.get(15, TimeUnit.SECONDS);
            for (Exchanges caller : List.of(firstCaller, lastCaller)) {
                assertThat(caller.answer()).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close");
                assertThat(caller.again()).as("a clean refusal, not a cut connection").startsWith("HTTP/1.1 503")
                        .containsIgnoringCase("retry-after: 1").containsIgnoringCase("connection: close");
            }
            assertThat(firstCaller.refusedAt()).as("the first refusal was held until the last client had come back")
                    .isGreaterThan(lastCaller.answeredAt());
        } finally {
            clients.shutdownNow();
        }
        assertThat(gateway.waitFor(15, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(Files.readString(log)).doesNotContain("Timed out waiting for graceful shutdown");
    }

    /** A client's two exchanges: its first answer and when it came, the answer to the same request sent again. */
    record Exchanges(String answer, long answeredAt, String again, long refusedAt) {
    }

    /**
     * Sends a widget-token request and, the moment its answer has arrived, the same request again on a second connection
     * opened with the first.
     */
    private Exchanges sendTwice(String userId) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                Socket next = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(15_000);
            next.setSoTimeout(15_000);
            String answer = exchange(socket, userId);
            long answeredAt = System.nanoTime();
            String again = exchange(next, userId);
            return new Exchanges(answer, answeredAt, again, System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the packaged gateway against the stand-in with this shutdown delay and waits until it is ready. */
    private Path startGateway(Duration delay) throws IOException {
        port = AirbyteStandInResource.freePort();
        management = AirbyteStandInResource.freePort();
        Path log = TestLogs.next(GracefulShutdownIT.class);
        ProcessBuilder builder = new ProcessBuilder(PackagedApplication.command()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("GATEWAY_") || key.startsWith("AIRBYTE_"));
        builder.environment().putAll(java.util.Map.of("GATEWAY_ALLOWED_ORIGINS", ORIGIN, "GATEWAY_IDENTITY_MODE", "body",
                "AIRBYTE_API_URL", standIn.baseUrl(), "AIRBYTE_CLIENT_ID", "shutdown-client",
                "AIRBYTE_CLIENT_SECRET", CLIENT_SECRET, "QUARKUS_HTTP_PORT", Integer.toString(port),
                "QUARKUS_MANAGEMENT_PORT", Integer.toString(management),
                "QUARKUS_SHUTDOWN_DELAY", delay.toMillis() + "ms", "QUARKUS_SHUTDOWN_TIMEOUT", "15s"));
        gateway = builder.start();
        URI readiness = URI.create("http://127.0.0.1:" + management + "/q/health/ready");
        await().atMost(Duration.ofSeconds(60)).until(() -> PackagedApplication.status(http, readiness) == 200);
        return log;
    }

    /** Sends a widget-token request on {@code socket} and reads the whole answer: its head, then its body. */
    private static String exchange(Socket socket, String userId) throws IOException {
        String body = "{\"userId\":\"" + userId + "\"}";
        socket.getOutputStream().write(("POST /api/airbyte/widget-token HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + ORIGIN
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("an answer's head").isNotEqualTo(-1);
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(head);
        assertThat(length.find()).as("a Content-Length in " + head).isTrue();
        in.readNBytes(Integer.parseInt(length.group(1)));
        return head.toString();
    }

    private static HttpRequest mint(URI api, String userId) {
        return HttpRequest.newBuilder(api).header("Content-Type", "application/json").header("Origin", ORIGIN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + userId + "\"}")).build();
    }
}
