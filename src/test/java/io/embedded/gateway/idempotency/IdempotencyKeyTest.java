package io.embedded.gateway.idempotency;

import static io.embedded.gateway.standin.AirbyteStandIn.CONNECTORS_PATH;
import static io.embedded.gateway.standin.AirbyteStandIn.GITHUB_TEMPLATE;
import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.embedded.gateway.support.AirbyteStandInResource.SOURCE_SECRET;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.standin.StandInFault;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.InjectAirbyteStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * {@code Idempotency-Key} on source creation, with the memory store (one instance; {@code FleetIT} proves the same
 * across two instances on Redis): a repeat is answered from the record without a second create.
 */
@QuarkusTest
@WithTestResource(AirbyteStandInResource.class)
class IdempotencyKeyTest {

    static final String SOURCES = "/api/airbyte/sources";
    static final String PROBLEM = "urn:airbyte-embedded-gateway:problem:";

    @InjectAirbyteStandIn
    AirbyteStandIn standIn;

    @TestHTTPResource(SOURCES)
    URI sources;

    @BeforeEach
    void reset() {
        standIn.reset();
    }

    @Test
    void shouldReplayTheFirstAnswerToARepeatWithoutCreatingAgain() {
        String key = UUID.randomUUID().toString();
        Response first = create("replay-user", key, "My GitHub");
        Response repeat = create("replay-user", key, "My GitHub");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(repeat.statusCode()).isEqualTo(201);
        assertThat(repeat.body().asString()).isEqualTo(first.body().asString()).doesNotContain(SOURCE_SECRET);
        assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(repeat.contentType()).startsWith("application/json");
        assertThat(standIn.createSourceCalls()).isEqualTo(1);
        assertThat(standIn.sourceNames("replay-user")).containsExactly("My GitHub");
    }

    @Test
    void shouldAcceptTheDraftsQuotedFormAsTheSameKey() {
        String key = UUID.randomUUID().toString();
        create("quoted-user", key, "My GitHub").then().statusCode(201);
        create("quoted-user", "\"" + key + "\"", "My GitHub").then().statusCode(201).header("Idempotent-Replayed", "true");
        assertThat(standIn.createSourceCalls()).isEqualTo(1);
    }

    @Test
    void shouldRefuseTheSameKeyWithAnotherBody() {
        String key = UUID.randomUUID().toString();
        create("reuse-user", key, "My GitHub").then().statusCode(201);

        create("reuse-user", key, "Another name").then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "idempotency-key-reused"));
        assertThat(standIn.createSourceCalls()).isEqualTo(1);
    }

    @Test
    void shouldScopeKeysToTheCaller() {
        String key = UUID.randomUUID().toString();
        create("scope-alice", key, "My GitHub").then().statusCode(201);
        create("scope-bob", key, "My GitHub").then().statusCode(201).header("Idempotent-Replayed", (String) null);

        assertThat(standIn.createSourceCalls()).as("bob's request ran; alice's answer was not his").isEqualTo(2);
        assertThat(standIn.sourceNames("scope-bob")).containsExactly("My GitHub");
    }

    @Test
    void shouldAnswerConflictToARepeatWhileTheFirstIsStillRunning() {
        slowCreates(1_000);
        String key = UUID.randomUUID().toString();
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> create("slow-user", key, "My GitHub"));
        await().until(() -> standIn.createSourceCalls() == 1);

        create("slow-user", key, "My GitHub").then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "idempotency-key-in-use"));

        assertThat(first.join().statusCode()).isEqualTo(201);
        create("slow-user", key, "My GitHub").then().statusCode(201).header("Idempotent-Replayed", "true");
        assertThat(standIn.createSourceCalls()).isEqualTo(1);
    }

    @Test
    void shouldLetAnInvalidCreateRunAgainSinceItCreatedNothing() {
        String key = UUID.randomUUID().toString();
        String invalid = "{\"userId\": \"problem-user\", \"sourceTemplateId\": \"" + GITHUB_TEMPLATE
                + "\", \"name\": \"x\", \"configuration\": {}}";
        String first = send(key, invalid).then().statusCode(422).extract().asString();

        Response repeat = send(key, invalid);
        assertThat(repeat.statusCode()).isEqualTo(422);
        assertThat(repeat.contentType()).startsWith("application/problem+json");
        assertThat(repeat.body().asString()).isEqualTo(first);
        assertThat(repeat.header("Idempotent-Replayed")).as("validated again, not replayed").isNull();
        assertThat(standIn.createSourceCalls()).isZero();
    }

    @Test
    void shouldFinishACreateWhoseClientLeftAndReplayItToTheRetry() throws Exception {
        slowCreates(1_000);
        String key = UUID.randomUUID().toString();
        HttpRequest abandoned = HttpRequest.newBuilder(sources).timeout(Duration.ofMillis(300))
                .header("Content-Type", "application/json").header("Origin", ORIGIN).header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body("left-user", "My GitHub"))).build();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(abandoned, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        List<Integer> meanwhile = new ArrayList<>();
        Response retried = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> create("left-user", key, "My GitHub"),
                        answer -> !meanwhile.add(answer.statusCode()) || answer.statusCode() != 409);

        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retried.jsonPath().getString("name")).isEqualTo("My GitHub");
        assertThat(meanwhile.subList(0, meanwhile.size() - 1)).as("in use while the first create runs")
                .allSatisfy(status -> assertThat(status).isEqualTo(409));
        assertThat(standIn.createSourceCalls()).isEqualTo(1);
        assertThat(standIn.sourceNames("left-user")).containsExactly("My GitHub");
    }

    @Test
    void shouldNeverRunAgainACreateThatMayHaveReachedAirbyte() {
        // A 500 from the create: Airbyte may have created the source before failing.
        standIn.inject(StandInFault.post(CONNECTORS_PATH).status(500));
        String key = UUID.randomUUID().toString();
        create("unknown-user", key, "My GitHub").then().statusCode(502);

        standIn.reset();
        create("unknown-user", key, "My GitHub").then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "idempotency-outcome-unknown"))
                .body("detail", containsString("GET /api/airbyte/sources"));
        assertThat(standIn.createSourceCalls()).isZero();
    }

    @Test
    void shouldLetARetryRunAgainAfterAnAnswerThatSaysNothingWasDone() {
        // Airbyte rate-limits the create: 503, with Retry-After; nothing was created, so the key is given back.
        standIn.inject(StandInFault.post(CONNECTORS_PATH).status(429).header("Retry-After", "1"));
        String key = UUID.randomUUID().toString();
        create("retry-user", key, "My GitHub").then().statusCode(503);

        standIn.reset();
        create("retry-user", key, "My GitHub").then().statusCode(201).header("Idempotent-Replayed", (String) null);
        assertThat(standIn.sourceNames("retry-user")).containsExactly("My GitHub");
    }

    @Test
    void shouldRefuseAMalformedKeyBeforeAnything() {
        for (String key : List.of("\"\"", "x".repeat(256), "caf\u00e9", "two words")) {
            create("bad-key-user", key, "My GitHub").then().statusCode(400)
                    .body("type", equalTo(PROBLEM + "invalid-request"));
        }
        assertThat(standIn.createSourceCalls()).isZero();
    }

    @Test
    void shouldCreateEachTimeWithoutAKey() {
        given().contentType("application/json").header("Origin", ORIGIN).body(body("keyless-user", "My GitHub"))
                .post(SOURCES).then().statusCode(201);
        given().contentType("application/json").header("Origin", ORIGIN).body(body("keyless-user", "My GitHub"))
                .post(SOURCES).then().statusCode(201);
        assertThat(standIn.createSourceCalls()).isEqualTo(2);
    }

    @Test
    void shouldTellCallersWhatIsLeftOfTheirLimits() {
        create("headers-user", UUID.randomUUID().toString(), "My GitHub").then().statusCode(201)
                .header("RateLimit-Policy", matchesPattern("\"identity\";q=\\d+;w=\\d+, \"global\";q=\\d+;w=\\d+"))
                .header("RateLimit", matchesPattern("\"identity\";r=\\d+;t=\\d+, \"global\";r=\\d+;t=\\d+"));
    }

    private void slowCreates(int millis) {
        standIn.inject(StandInFault.post(CONNECTORS_PATH).answerAsTheContract().after(Duration.ofMillis(millis)));
    }

    private static Response create(String userId, String key, String name) {
        return send(key, body(userId, name));
    }

    private static Response send(String key, String body) {
        return given().contentType("application/json").header("Origin", ORIGIN).header("Idempotency-Key", key).body(body)
                .post(SOURCES);
    }

    private static String body(String userId, String name) {
        return "{\"userId\": \"" + userId + "\", \"sourceTemplateId\": \"" + GITHUB_TEMPLATE + "\", \"name\": \"" + name
                + "\", \"configuration\": {\"credentials\": {\"access_token\": \"" + SOURCE_SECRET
                + "\"}, \"repositories\": [\"acme/app\"]}}";
    }
}
