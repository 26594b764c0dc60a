package io.embedded.gateway.token;

import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.InjectAirbyteStandIn;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A pod started with a secret Airbyte rejects (a bad rotation) never becomes ready, without any request having to find
 * out first, and its requests do not send the rejected secret again.
 */
@QuarkusTest
@WithTestResource(value = AirbyteStandInResource.class, initArgs = @ResourceArg(name = "client-secret", value = "a-rotated-secret-airbyte-never-saw"))
class StartupCredentialsCheckTest {

    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @InjectAirbyteStandIn
    AirbyteStandIn standIn;

    @Test
    void shouldStayUnreadyWithCredentialsAirbyteRejects() {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get(readiness).then().statusCode(503)
                .body("checks.find { it.name == 'airbyte-credentials' }.data.credentialsChecked", equalTo(true))
                .body("checks.find { it.name == 'airbyte-credentials' }.data.credentialsRejected", equalTo(true)));
        int tokenCalls = standIn.operatorTokenCalls();

        given().contentType("application/json").header("Origin", ORIGIN).body("{\"userId\":\"u\"}")
                .post("/api/airbyte/widget-token").then().statusCode(502)
                .body("type", equalTo("urn:airbyte-embedded-gateway:problem:upstream-credentials-rejected"));

        assertThat(standIn.operatorTokenCalls()).as("the request did not send the rejected secret again")
                .isEqualTo(tokenCalls);
    }
}
