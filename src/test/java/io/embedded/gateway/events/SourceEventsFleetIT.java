package io.embedded.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.support.GatewayProcess;
import io.embedded.gateway.support.PackagedApplication;
import io.embedded.gateway.support.RedisAvailable;
import io.embedded.gateway.support.RedisServer;
import io.embedded.gateway.support.WebhookReceiver;

/**
 * Source events on a fleet: packaged instances (jar or native) on one real {@code redis-server}, delivering to a receiver
 * that verifies every delivery with the reference {@code standardwebhooks} package. An instance killed with
 * {@code kill -9} after its 202 loses nothing (another delivers); instances polling together deliver each event once;
 * a Redis outage refuses reports with 503 and leaves pods ready. With the memory store, a graceful shutdown tries the
 * pending deliveries once more.
 */
@ExtendWith(RedisAvailable.class)
class SourceEventsFleetIT {

    static final String ORIGIN = "https://app.partner.example";
    static final String CLIENT_ID = "events-fleet-client";
    static final String CLIENT_SECRET = "events-fleet-secret-value-0123";
    static final String PROBLEM = "urn:airbyte-embedded-gateway:problem:";
    static final Duration QUIET = Duration.ofSeconds(2);

    static RedisServer redis;
    static AirbyteStandIn standIn;
    static WebhookReceiver receiver;
    static final List<GatewayProcess> instances = new ArrayList<>();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startFleet() throws IOException {
        redis = RedisServer.start();
        standIn = AirbyteStandIn.start(0, CLIENT_ID, CLIENT_SECRET);
        receiver = WebhookReceiver.start(WebhookReceiver.newSecret());
        instances.add(startInstance("a", "redis"));
        instances.add(startInstance("b", "redis"));
        for (GatewayProcess instance : instances) {
            instance.awaitReady();
        }
    }

    @AfterAll
    static void stopFleet() {
        instances.forEach(GatewayProcess::stop);
        if (receiver != null) {
            receiver.close();
        }
        if (standIn != null) {
            standIn.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void reset() {
        redis.flush();
        standIn.reset();
        receiver.reset();
    }

    @Test
    void shouldDeliverWhatAnInstanceKilledAfterItsAcceptedReportLeftBehind() throws Exception {
        GatewayProcess doomed = startInstance("doomed", "redis");
        try {
            doomed.awaitReady();
            receiver.fail();
            String sourceId = standIn.createSourceInWidget("orphan-user", AirbyteStandIn.GITHUB_TEMPLATE);
            assertThat(report(doomed, "orphan-user", sourceId).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.verifiedAbout(sourceId).isEmpty());
            doomed.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            receiver.recover();

            List<JsonNode> attempts = await().atMost(Duration.ofSeconds(30)).until(() -> receiver.verifiedAbout(sourceId),
                    list -> list.stream().anyMatch(delivery -> delivery.path("status").asInt() == 204));
            assertThat(attempts).extracting(delivery -> delivery.path("webhookId").asText())
                    .containsOnly(StoredEvent.webhookIdOf(sourceId));
            assertThat(attempts.get(0).path("event").path("data").path("via").asText()).isEqualTo("widget");
            await().during(QUIET).atMost(QUIET.plusSeconds(10)).until(() -> receiver.verifiedAbout(sourceId).stream()
                    .filter(delivery -> delivery.path("status").asInt() == 204).count() == 1);
        } finally {
            doomed.stop();
        }
    }

    @Test
    void shouldDeliverEachEventOnceWhileTwoInstancesPoll() throws Exception {
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String user = "fleet-user-" + i;
            String sourceId = standIn.createSourceInWidget(user, AirbyteStandIn.GITHUB_TEMPLATE);
            sources.add(sourceId);
            assertThat(reportRetryingUnavailable(instances.get(i % 2), user, sourceId).statusCode()).isEqualTo(202);
            assertThat(reportRetryingUnavailable(instances.get((i + 1) % 2), user, sourceId).statusCode())
                    .as("a duplicate on the other").isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.deliveries().size() >= sources.size());
        await().during(QUIET).atMost(QUIET.plusSeconds(10)).until(() -> receiver.deliveries().size() == sources.size());
        Map<String, Long> perSource = receiver.deliveries().stream()
                .peek(delivery -> assertThat(delivery.path("verified").asBoolean()).isTrue())
                .collect(Collectors.groupingBy(d -> d.path("event").path("data").path("sourceId").asText(),
                        Collectors.counting()));
        assertThat(perSource).containsOnlyKeys(sources).allSatisfy((source, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    void shouldRefuseReportsWith503WhileRedisIsDownAndStayReady() throws Exception {
        String sourceId = standIn.createSourceInWidget("outage-user", AirbyteStandIn.GITHUB_TEMPLATE);
        redis.stop();
        try {
            HttpResponse<String> refused = report(instances.get(0), "outage-user", sourceId);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).contains(PROBLEM + "idempotency-unavailable").contains("event cannot be stored");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            for (GatewayProcess instance : instances) {
                assertThat(PackagedApplication.status(http, instance.readiness())).isEqualTo(200);
            }
        } finally {
            redis.resume();
        }
        HttpResponse<String> accepted = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> report(instances.get(1), "outage-user", sourceId), answer -> answer.statusCode() != 503);
        assertThat(accepted.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.verifiedAbout(sourceId).size() == 1);
    }

    @Test
    void shouldTryPendingDeliveriesOnceMoreWhenAMemoryStoreInstanceShutsDown() throws Exception {
        GatewayProcess single = startInstance("single", "memory", Map.of("GATEWAY_EVENTS_RETRY_DELAYS", "1h"));
        try {
            single.awaitReady();
            receiver.fail();
            String sourceId = standIn.createSourceInWidget("shutdown-user", AirbyteStandIn.GITHUB_TEMPLATE);
            assertThat(report(single, "shutdown-user", sourceId).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.verifiedAbout(sourceId).size() == 1);
            receiver.recover();

            single.stop();
            assertThat(receiver.verifiedAbout(sourceId)).as("tried again at shutdown, not in an hour").hasSize(2)
                    .last().satisfies(delivery -> assertThat(delivery.path("status").asInt()).isEqualTo(204));
            assertThat(single.output()).contains("trying 1 pending webhook(s) once more");
        } finally {
            single.stop();
        }
    }

    /**
     * {@link #report}, sent again after a 503 as its {@code Retry-After} asks: on a busy machine one Redis round trip
     * can miss its 250 ms deadline, and the instance then answers 503 for a second. This test is about duplicates.
     */
    private HttpResponse<String> reportRetryingUnavailable(GatewayProcess instance, String userId, String sourceId) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofSeconds(1)).pollDelay(Duration.ZERO)
                .until(() -> report(instance, userId, sourceId), answer -> answer.statusCode() != 503);
    }

    private HttpResponse<String> report(GatewayProcess instance, String userId, String sourceId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(instance.api("/api/airbyte/events")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Origin", ORIGIN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\": \"" + userId
                        + "\", \"type\": \"source_created\", \"sourceId\": \"" + sourceId + "\"}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static GatewayProcess startInstance(String name, String store) throws IOException {
        return startInstance(name, store, Map.of());
    }

    /** One replica, configured from the environment like a pod; retries shrunk to a second (seven attempts). */
    private static GatewayProcess startInstance(String name, String store, Map<String, String> overrides)
            throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_ALLOWED_ORIGINS", ORIGIN);
        env.put("GATEWAY_IDENTITY_MODE", "body");
        env.put("AIRBYTE_API_URL", standIn.baseUrl());
        env.put("AIRBYTE_CLIENT_ID", CLIENT_ID);
        env.put("AIRBYTE_CLIENT_SECRET", CLIENT_SECRET);
        env.put("GATEWAY_STATE_STORE", store);
        if ("redis".equals(store)) {
            env.put("QUARKUS_REDIS_HOSTS", redis.url());
            env.put("GATEWAY_STATE_REDIS_KEY_HASH_KEY", "events-fleet-key-hash-key-of-32-characters");
        }
        env.put("GATEWAY_EVENTS_WEBHOOK_URL", receiver.url());
        env.put("GATEWAY_EVENTS_WEBHOOK_SECRET", receiver.secret());
        env.put("GATEWAY_EVENTS_RETRY_DELAYS", "1s,1s,1s,1s,1s,1s");
        env.put("GATEWAY_EVENTS_POLL_INTERVAL", "100ms");
        env.put("GATEWAY_EVENTS_DELIVERY_TIMEOUT", "2s");
        env.putAll(overrides);
        return GatewayProcess.start(SourceEventsFleetIT.class, env);
    }
}
