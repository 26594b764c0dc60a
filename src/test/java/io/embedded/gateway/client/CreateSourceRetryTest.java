package io.embedded.gateway.client;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.embedded.gateway.support.UnreachableAirbyte;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A create whose connection is refused never reached Airbyte, so it is the one failure a create may repeat. Airbyte
 * points at a closed port here; attempts are counted by the per-attempt upstream timer.
 */
@QuarkusTest
@TestProfile(UnreachableAirbyte.class)
class CreateSourceRetryTest {

    @Inject
    AirbyteApiClient airbyte;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource(value = "/health/ready", management = true)
    URL readiness;

    @Test
    void shouldRetryACreateWhoseConnectionWasRefused() {
        var token = new OperatorToken("not-a-real-token", Instant.now().plusSeconds(600), Duration.ofMinutes(10));
        var request = new CreateSourceRequest("refused-workspace", "9a1f6a52-8a47-4d1e-9f0e-6c2b8f0d3a11", null,
                JsonNodeFactory.instance.objectNode(), null);

        assertThatThrownBy(() -> airbyte.createSource(token, request).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(AirbyteException.class, failure -> {
                    assertThat(failure.reason()).isEqualTo(AirbyteException.Reason.UNREACHABLE);
                    assertThat(failure.neverConnected()).isTrue();
                });

        Timer attempts = registry.find("airbyte.upstream.duration").tag("operation", "create-source")
                .tag("outcome", "unreachable").timer();
        assertThat(attempts).isNotNull();
        assertThat(attempts.count()).as("1 call + 2 retries").isEqualTo(3);
    }

    @Test
    void shouldBeReadyAlthoughTheStartupCredentialsCheckGotNoAnswer() {
        // An Airbyte outage must not keep pods out of the Service: only a rejection of the credentials does.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get(readiness).then().statusCode(200)
                .body("checks.find { it.name == 'airbyte-credentials' }.data.credentialsChecked", equalTo(true)));
    }
}
