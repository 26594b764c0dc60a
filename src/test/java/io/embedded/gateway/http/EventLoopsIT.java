package io.embedded.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.support.GatewayProcess;

/**
 * The packaged application on one processor, as the Deployment's CPU limit gives it: one event loop (Quarkus alone
 * would run two), which serves concurrent callers, the upstream calls and the startup credentials check without
 * waiting on itself.
 */
class EventLoopsIT {

    private static final String ORIGIN = "https://app.partner.example";
    private static final String CLIENT_ID = "event-loops-client";
    private static final String CLIENT_SECRET = "event-loops-secret-value-5d20c1";

    static AirbyteStandIn standIn;
    static GatewayProcess gateway;

    @BeforeAll
    static void start() throws IOException {
        standIn = AirbyteStandIn.start(0, CLIENT_ID, CLIENT_SECRET);
        gateway = GatewayProcess.start(EventLoopsIT.class, Map.of("GATEWAY_ALLOWED_ORIGINS", ORIGIN,
                "GATEWAY_IDENTITY_MODE", "body", "AIRBYTE_API_URL", standIn.baseUrl(), "AIRBYTE_CLIENT_ID", CLIENT_ID,
                "AIRBYTE_CLIENT_SECRET", CLIENT_SECRET));
        gateway.awaitReady();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        if (standIn != null) {
            standIn.close();
        }
    }

    @Test
    void oneProcessorRunsOneEventLoopThatServesConcurrentCallers() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, 32)
                .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(gateway.api("/api/airbyte/widget-token"))
                        .header("Content-Type", "application/json").header("Origin", ORIGIN)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"loop-user-" + i + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();

        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(200);
        }
        assertThat(standIn.widgetTokenCalls()).isGreaterThanOrEqualTo(32);
        assertThat(gateway.output()).contains("Vert.x event loops: 1 (one per available processor");
    }
}
