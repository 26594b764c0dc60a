package io.embedded.gateway.events;

import static io.embedded.gateway.standin.AirbyteStandIn.GITHUB_TEMPLATE;
import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.embedded.gateway.support.AirbyteStandInResource.SOURCE_SECRET;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.InjectAirbyteStandIn;
import io.embedded.gateway.support.InjectWebhookReceiver;
import io.embedded.gateway.support.WebhookReceiver;
import io.embedded.gateway.support.WebhookReceiverResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Source events end to end, with the memory store: sources created through the API and reported from the widget
 * become signed webhooks that a real receiver ({@link WebhookReceiver}: Node and the reference {@code standardwebhooks}
 * package, not our signing code) verifies; one source gives one event; foreign and forged sources give 404 and
 * nothing is sent; a failing receiver gets the same event again until it accepts it, or it is kept as failed.
 */
@QuarkusTest
@WithTestResource(AirbyteStandInResource.class)
@WithTestResource(WebhookReceiverResource.class)
class SourceEventsTest {

    static final String EVENTS = "/api/airbyte/events";
    static final String SOURCES = "/api/airbyte/sources";
    static final String PROBLEM = "urn:airbyte-embedded-gateway:problem:";
    /** How long "nothing more arrives" is watched: several poll intervals and retry delays of the test schedule. */
    static final Duration QUIET = Duration.ofMillis(1_000);

    @InjectAirbyteStandIn
    AirbyteStandIn standIn;

    @InjectWebhookReceiver
    WebhookReceiver receiver;

    @TestHTTPResource(value = "/events/failed", management = true)
    URI failedEvents;

    @TestHTTPResource(value = "/metrics", management = true)
    URI metrics;

    @TestHTTPResource(value = "/health/ready", management = true)
    URI readiness;

    @BeforeEach
    void reset() {
        standIn.reset();
        receiver.reset();
    }

    @Test
    void shouldSendOneVerifiedEventForASourceCreatedThroughTheApi() {
        String key = UUID.randomUUID().toString();
        Response created = create("api-user", key);
        assertThat(created.statusCode()).isEqualTo(201);
        String sourceId = created.jsonPath().getString("id");

        JsonNode delivery = await().atMost(Duration.ofSeconds(10)).until(() -> receiver.verifiedAbout(sourceId),
                list -> !list.isEmpty()).get(0);
        assertThat(delivery.path("contentType").asText()).startsWith("application/json");
        assertThat(delivery.path("webhookId").asText()).isNotBlank();
        assertThat(Long.parseLong(delivery.path("webhookTimestamp").asText()))
                .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
        JsonNode event = delivery.path("event");
        assertThat(event.path("type").asText()).isEqualTo("source.created");
        assertThat(java.time.Instant.parse(event.path("timestamp").asText())).isNotNull();
        JsonNode data = event.path("data");
        assertThat(data.path("userId").asText()).isEqualTo("api-user");
        assertThat(data.path("workspaceId").asText()).isEqualTo(standIn.workspaceId("api-user"));
        assertThat(data.path("sourceId").asText()).isEqualTo(sourceId);
        assertThat(data.path("sourceTemplateId").asText()).isEqualTo(GITHUB_TEMPLATE);
        assertThat(data.path("name").asText()).isEqualTo("My GitHub");
        assertThat(data.path("via").asText()).isEqualTo("api");
        assertThat(event.toString()).doesNotContain(SOURCE_SECRET);

        Response replay = create("api-user", key);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(report("api-user", sourceId).statusCode()).as("reported from the widget too").isEqualTo(202);
        await().during(QUIET).atMost(QUIET.plusSeconds(5))
                .until(() -> receiver.deliveries().stream()
                        .filter(d -> sourceId.equals(d.path("event").path("data").path("sourceId").asText())).count() == 1);
    }

    @Test
    void shouldCheckAReportedSourceWithAirbyteThenSendItOnce() {
        String sourceId = standIn.createSourceInWidget("widget-user", GITHUB_TEMPLATE);

        Response accepted = report("widget-user", sourceId);
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body().asString()).isEmpty();
        assertThat(accepted.header("RateLimit-Policy")).as("charged to the caller's read budget").isNotNull();
        assertThat(report("widget-user", sourceId).statusCode()).as("reported again").isEqualTo(202);

        JsonNode delivery = await().atMost(Duration.ofSeconds(10)).until(() -> receiver.verifiedAbout(sourceId),
                list -> !list.isEmpty()).get(0);
        JsonNode data = delivery.path("event").path("data");
        assertThat(data.path("via").asText()).isEqualTo("widget");
        assertThat(data.path("userId").asText()).isEqualTo("widget-user");
        assertThat(data.path("sourceTemplateId").asText()).isEqualTo(GITHUB_TEMPLATE);
        assertThat(data.path("name").asText()).isEqualTo("GitHub - widget-user");
        assertThat(delivery.path("webhookId").asText()).isEqualTo(StoredEvent.webhookIdOf(sourceId));
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> receiver.deliveries().size() == 1);
    }

    @Test
    void shouldAnswer404AndSendNothingForAForeignOrForgedSource() {
        String someoneElses = standIn.createSourceInWidget("victim-user", GITHUB_TEMPLATE);

        for (String sourceId : List.of(someoneElses, UUID.randomUUID().toString())) {
            Response refused = report("attacker-user", sourceId);
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.jsonPath().getString("type")).isEqualTo(PROBLEM + "not-found");
            assertThat(refused.jsonPath().getString("detail")).isEqualTo("No such source in the caller's workspace.");
        }
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> receiver.deliveries().isEmpty());
    }

    @Test
    void shouldRefuseAnotherTypeOrAMalformedSourceId() {
        String sourceId = standIn.createSourceInWidget("type-user", GITHUB_TEMPLATE);
        for (String body : List.of(body("type-user", "source_updated", sourceId), body("type-user", "source_created", "x"),
                "{\"userId\": \"type-user\", \"sourceId\": \"" + sourceId + "\"}")) {
            Response refused = given().contentType("application/json").header("Origin", ORIGIN).body(body).post(EVENTS);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.jsonPath().getString("type")).isEqualTo(PROBLEM + "invalid-request");
        }
        await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() -> receiver.deliveries().isEmpty());
    }

    @Test
    void shouldRetryAFailingReceiverWithTheSameWebhookIdUntilItAccepts() {
        receiver.fail();
        String sourceId = standIn.createSourceInWidget("retry-user", GITHUB_TEMPLATE);
        assertThat(report("retry-user", sourceId).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.verifiedAbout(sourceId).size() >= 2);
        receiver.recover();
        assertThat(given().get(readiness).statusCode()).as("a backlog never makes the pod unready").isEqualTo(200);

        List<JsonNode> attempts = await().atMost(Duration.ofSeconds(10)).until(() -> receiver.verifiedAbout(sourceId),
                list -> list.stream().anyMatch(d -> d.path("status").asInt() == 204));
        assertThat(attempts).hasSizeBetween(2, WebhookReceiverResource.ATTEMPTS);
        assertThat(attempts).extracting(d -> d.path("webhookId").asText()).containsOnly(StoredEvent.webhookIdOf(sourceId));
        assertThat(attempts.get(attempts.size() - 1).path("status").asInt()).isEqualTo(204);
        await().during(QUIET).atMost(QUIET.plusSeconds(5))
                .until(() -> receiver.verifiedAbout(sourceId).size() == attempts.size());
    }

    @Test
    void shouldKeepAnEventAsFailedAfterItsLastAttempt() {
        receiver.fail();
        String sourceId = standIn.createSourceInWidget("failed-user", GITHUB_TEMPLATE);
        assertThat(report("failed-user", sourceId).statusCode()).isEqualTo(202);

        // Every attempt (at once and after each test delay) fails; then it is listed for operators.
        String failed = await().atMost(Duration.ofSeconds(10))
                .until(() -> given().get(failedEvents).then().statusCode(200).extract().asString(),
                        list -> list.contains(sourceId));
        assertThat(receiver.verifiedAbout(sourceId)).hasSize(WebhookReceiverResource.ATTEMPTS);
        assertThat(failed).contains(StoredEvent.webhookIdOf(sourceId))
                .contains("\"attempts\":" + WebhookReceiverResource.ATTEMPTS)
                .contains("\"via\":\"widget\"");
        String scrape = given().get(metrics).then().statusCode(200).extract().asString();
        assertThat(scrape).contains("gateway_events_deliveries_total{outcome=\"failed\"}")
                .contains("gateway_events_deliveries_total{outcome=\"retried\"}")
                .contains("gateway_events_pending").contains("gateway_events_oldest_pending_age_seconds");
        receiver.recover();
        await().during(QUIET).atMost(QUIET.plusSeconds(5))
                .until(() -> receiver.verifiedAbout(sourceId).size() == WebhookReceiverResource.ATTEMPTS);
    }

    private static Response create(String userId, String key) {
        String body = "{\"userId\": \"" + userId + "\", \"sourceTemplateId\": \"" + GITHUB_TEMPLATE
                + "\", \"name\": \"My GitHub\", \"configuration\": {\"credentials\": {\"access_token\": \"" + SOURCE_SECRET
                + "\"}, \"repositories\": [\"acme/app\"]}}";
        return given().contentType("application/json").header("Origin", ORIGIN).header("Idempotency-Key", key).body(body)
                .post(SOURCES);
    }

    private static Response report(String userId, String sourceId) {
        return given().contentType("application/json").header("Origin", ORIGIN)
                .body(body(userId, "source_created", sourceId)).post(EVENTS);
    }

    private static String body(String userId, String type, String sourceId) {
        return "{\"userId\": \"" + userId + "\", \"type\": \"" + type + "\", \"sourceId\": \"" + sourceId + "\"}";
    }
}
