package io.embedded.gateway.events;

import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.InjectAirbyteStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Without {@code gateway.events.webhook-url} the events endpoint does not exist, whatever is sent to it. */
@QuarkusTest
@WithTestResource(AirbyteStandInResource.class)
class SourceEventsOffTest {

    @InjectAirbyteStandIn
    AirbyteStandIn standIn;

    @Test
    void shouldAnswerNotFoundWhenEventsAreOff() {
        String sourceId = standIn.createSourceInWidget("off-user", AirbyteStandIn.GITHUB_TEMPLATE);
        int upstreamRequests = standIn.requests().size();
        for (String body : List.of("{\"userId\": \"off-user\", \"type\": \"source_created\", \"sourceId\": \"" + sourceId
                + "\"}", "{\"type\": \"other\"}", "not json")) {
            Response answer = given().contentType("application/json").header("Origin", ORIGIN).body(body)
                    .post("/api/airbyte/events");
            assertThat(answer.statusCode()).as(body).isEqualTo(404);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.jsonPath().getString("type")).isEqualTo("urn:airbyte-embedded-gateway:problem:not-found");
        }
        assertThat(standIn.requests()).as("Airbyte is not asked").hasSize(upstreamRequests);
        assertThat(UUID.fromString(sourceId)).isNotNull();
    }
}
