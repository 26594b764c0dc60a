package io.embedded.gateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.standin.StandInFault;
import io.embedded.gateway.support.GatewayProcess;
import io.embedded.gateway.support.PackagedApplication;
import io.embedded.gateway.support.RedisAvailable;
import io.embedded.gateway.support.RedisServer;

/**
 * Two instances of the packaged application (jar or native) sharing one real {@code redis-server}, as replicas behind a
 * Service: the limits hold for the fleet, an {@code Idempotency-Key} repeat on the other instance is a replay, and a
 * Redis outage is survived without a 500 and recovered from without a restart.
 */
@ExtendWith(RedisAvailable.class)
class FleetIT {

    static final String ORIGIN = "https://app.partner.example";
    static final String CLIENT_ID = "fleet-client";
    static final String CLIENT_SECRET = "fleet-secret-value-0123456789";
    static final int PER_IDENTITY = 3;
    static final int GLOBAL = 6;
    static final String PROBLEM = "urn:airbyte-embedded-gateway:problem:";

    static RedisServer redis;
    static AirbyteStandIn standIn;
    static final List<GatewayProcess> instances = new ArrayList<>();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startFleet() throws IOException {
        redis = RedisServer.start();
        standIn = AirbyteStandIn.start(0, CLIENT_ID, CLIENT_SECRET);
        instances.add(startInstance());
        instances.add(startInstance());
        for (GatewayProcess instance : instances) {
            instance.awaitReady();
        }
    }

    @AfterAll
    static void stopFleet() {
        instances.forEach(GatewayProcess::stop);
        if (standIn != null) {
            standIn.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void fullAllowances() {
        redis.flush();
        standIn.reset();
    }

    @Test
    void shouldHoldTheGlobalLimitForTheWholeFleet() throws Exception {
        // All but one of the global allowance spent on A, by callers who each stay under the per-identity limit; then
        // B serves the last one and refuses the next, and so does A. Instances each counting on their own would
        // differ: a full allowance each lets B serve twice, a share each (GLOBAL / replicas) refuses on A before
        // GLOBAL - 1, and an instance whose own count earlier tests used up refuses B's first.
        for (int i = 0; i < GLOBAL - 1; i++) {
            assertThat(mint(instances.get(0), "global-user-" + i).statusCode()).as("request %d on A", i + 1).isEqualTo(200);
        }
        assertThat(mint(instances.get(1), "global-user-on-b").statusCode()).as("the fleet's last one, on B").isEqualTo(200);
        HttpResponse<String> onB = mint(instances.get(1), "global-user-on-b-again");
        assertThat(onB.statusCode()).as("B, once the fleet's allowance is used").isEqualTo(429);
        assertThat(onB.headers().firstValue("RateLimit")).as("refused by the global limit, not the caller's own")
                .hasValueSatisfying(value -> assertThat(value).contains("\"global\";r=0;"));
        assertThat(mint(instances.get(0), "global-user-late").statusCode()).as("A too").isEqualTo(429);
        assertThat(standIn.widgetTokenCalls()).isEqualTo(GLOBAL);
    }

    @Test
    void shouldHoldAPerIdentityLimitForTheWholeFleet() throws Exception {
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 2 * PER_IDENTITY; i++) {
            answers.add(mint(instances.get(i % 2), "one-user"));
        }
        assertThat(answers).filteredOn(answer -> answer.statusCode() == 200).hasSize(PER_IDENTITY);
        HttpResponse<String> refused = answers.get(answers.size() - 1);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.headers().firstValue("RateLimit")).hasValueSatisfying(
                value -> assertThat(value).startsWith("\"identity\";r=0;"));
        assertThat(answers.get(0).headers().firstValue("RateLimit-Policy"))
                .hasValue("\"identity\";q=" + PER_IDENTITY + ";w=3600, \"global\";q=" + GLOBAL + ";w=3600");
    }

    @Test
    void shouldReplayARepeatThatReachesTheOtherInstance() throws Exception {
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = create(instances.get(0), "replay-user", key);
        HttpResponse<String> repeat = create(instances.get(1), "replay-user", key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(repeat.statusCode()).isEqualTo(201);
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(standIn.createSourceCalls()).isEqualTo(1);
    }

    @Test
    void shouldRunConcurrentDuplicatesOnce() throws Exception {
        slowCreates(1_500);
        String key = UUID.randomUUID().toString();
        CompletableFuture<HttpResponse<String>> onA = createAsync(instances.get(0), "duplicate-user", key);
        CompletableFuture<HttpResponse<String>> onB = createAsync(instances.get(1), "duplicate-user", key);

        assertThat(List.of(onA.get(30, TimeUnit.SECONDS).statusCode(), onB.get(30, TimeUnit.SECONDS).statusCode()))
                .containsExactlyInAnyOrder(201, 409);
        assertThat(standIn.createSourceCalls()).isEqualTo(1);
    }

    @Test
    void shouldFinishACreateWhoseClientLeftAndReplayItOnTheOtherInstance() throws Exception {
        slowCreates(1_500);
        String key = UUID.randomUUID().toString();
        assertThatThrownBy(() -> http.send(createRequest(instances.get(0), "left-user", key, Duration.ofMillis(300)),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);

        List<Integer> meanwhile = new ArrayList<>();
        HttpResponse<String> retried = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> create(instances.get(1), "left-user", key),
                        answer -> !meanwhile.add(answer.statusCode()) || answer.statusCode() != 409);

        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(retried.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(meanwhile.subList(0, meanwhile.size() - 1)).as("in use while the first create runs")
                .allSatisfy(status -> assertThat(status).isEqualTo(409));
        assertThat(standIn.createSourceCalls()).isEqualTo(1);
        assertThat(standIn.sourceNames("left-user")).hasSize(1);
    }

    @Test
    void shouldNeverRunAgainAKeyWhoseInstanceDiedMidCreate() throws Exception {
        GatewayProcess doomed = startInstance();
        try {
            doomed.awaitReady();
            slowCreates(3_000);
            String key = UUID.randomUUID().toString();
            createAsync(doomed, "orphan-user", key);
            await().atMost(Duration.ofSeconds(10)).until(() -> standIn.createSourceCalls() == 1);
            doomed.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            assertThat(create(instances.get(1), "orphan-user", key).body()).contains(PROBLEM + "idempotency-key-in-use");
            HttpResponse<String> unknown = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                    .until(() -> create(instances.get(1), "orphan-user", key),
                            answer -> !answer.body().contains(PROBLEM + "idempotency-key-in-use"));

            assertThat(unknown.statusCode()).isEqualTo(409);
            assertThat(unknown.body()).contains(PROBLEM + "idempotency-outcome-unknown").contains("GET /api/airbyte/sources");
            assertThat(standIn.createSourceCalls()).as("the key never runs again").isEqualTo(1);
        } finally {
            doomed.stop();
        }
    }

    @Test
    void shouldSurviveARedisOutageAndResumeWhenItReturns() throws Exception {
        redis.stop();
        try {
            HttpResponse<String> minted = mint(instances.get(0), "outage-user");
            assertThat(minted.statusCode()).as("limits fall back to this instance's share").isEqualTo(200);
            // fallback-replicas=2: each instance allows half of the per-identity limit, rounded down (1 of 3).
            assertThat(mint(instances.get(0), "outage-user").statusCode()).isEqualTo(429);

            HttpResponse<String> keyed = create(instances.get(1), "outage-user-2", UUID.randomUUID().toString());
            assertThat(keyed.statusCode()).as("idempotency cannot be promised").isEqualTo(503);
            assertThat(keyed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(keyed.body()).contains(PROBLEM + "idempotency-unavailable");
            assertThat(keyed.headers().firstValue("Retry-After")).isPresent();
            for (GatewayProcess instance : instances) {
                assertThat(PackagedApplication.status(http, instance.readiness()))
                        .as("Redis is shared, like Airbyte: still ready").isEqualTo(200);
            }
        } finally {
            redis.resume();
        }
        String key = UUID.randomUUID().toString();
        HttpResponse<String> resumed = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> create(instances.get(1), "after-outage-user", key), answer -> answer.statusCode() != 503);
        assertThat(resumed.statusCode()).isEqualTo(201);
        assertThat(create(instances.get(0), "after-outage-user", key).headers().firstValue("Idempotent-Replayed"))
                .as("the shared records are back").hasValue("true");
        for (GatewayProcess instance : instances) {
            assertThat(instance.output()).doesNotContain("Internal error").contains("Redis answers again");
        }
    }

    private HttpResponse<String> mint(GatewayProcess instance, String userId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(instance.api("/api/airbyte/widget-token"))
                .header("Content-Type", "application/json").header("Origin", ORIGIN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + userId + "\"}")).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> create(GatewayProcess instance, String userId, String key) throws Exception {
        return createAsync(instance, userId, key).get(30, TimeUnit.SECONDS);
    }

    private CompletableFuture<HttpResponse<String>> createAsync(GatewayProcess instance, String userId, String key) {
        return http.sendAsync(createRequest(instance, userId, key, Duration.ofSeconds(30)),
                HttpResponse.BodyHandlers.ofString());
    }

    private void slowCreates(int millis) {
        standIn.inject(StandInFault.post(AirbyteStandIn.CONNECTORS_PATH).answerAsTheContract()
                .after(Duration.ofMillis(millis)));
    }

    private static HttpRequest createRequest(GatewayProcess instance, String userId, String key, Duration timeout) {
        String body = "{\"userId\": \"" + userId + "\", \"sourceTemplateId\": \"" + AirbyteStandIn.GITHUB_TEMPLATE
                + "\", \"name\": \"Fleet GitHub\", \"configuration\": {\"credentials\": {\"access_token\": \"t0ken\"},"
                + " \"repositories\": [\"acme/app\"]}}";
        return HttpRequest.newBuilder(instance.api("/api/airbyte/sources")).timeout(timeout)
                .header("Content-Type", "application/json").header("Origin", ORIGIN).header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** One replica: the packaged application on its own ports, configured from the environment like a pod. */
    private static GatewayProcess startInstance() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_ALLOWED_ORIGINS", ORIGIN);
        env.put("GATEWAY_IDENTITY_MODE", "body");
        env.put("AIRBYTE_API_URL", standIn.baseUrl());
        env.put("AIRBYTE_CLIENT_ID", CLIENT_ID);
        env.put("AIRBYTE_CLIENT_SECRET", CLIENT_SECRET);
        env.put("GATEWAY_STATE_STORE", "redis");
        env.put("QUARKUS_REDIS_HOSTS", redis.url());
        // The same for every replica: they share the keys it names callers by.
        env.put("GATEWAY_STATE_REDIS_KEY_HASH_KEY", "fleet-key-hash-key-of-at-least-32-characters");
        env.put("GATEWAY_STATE_REDIS_FALLBACK_REPLICAS", "2");
        // Above the slowest create here (1.5 s), short enough to see an orphaned key turn "outcome unknown".
        env.put("GATEWAY_IDEMPOTENCY_IN_PROGRESS_TIMEOUT", "4s");
        env.put("GATEWAY_RATE_LIMIT_PER_IDENTITY_LIMIT", Integer.toString(PER_IDENTITY));
        env.put("GATEWAY_RATE_LIMIT_GLOBAL_LIMIT", Integer.toString(GLOBAL));
        return GatewayProcess.start(FleetIT.class, env);
    }
}
