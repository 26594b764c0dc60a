package io.embedded.gateway.rest;

import static io.embedded.gateway.rest.WidgetTokenApiTest.mint;
import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;

import org.junit.jupiter.api.Test;

import io.embedded.gateway.support.AirbyteStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every promised metric is in {@code /q/metrics} on the management port. */
@QuarkusTest
@WithTestResource(AirbyteStandInResource.class)
class MetricsTest {

    // The management root (/q) is prefixed automatically.
    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void shouldExposeUpstreamTokenOriginAndBreakerMetrics() {
        mint(ORIGIN, "metrics-user").statusCode(200);
        mint(ORIGIN, "metrics-user").statusCode(200);
        mint("https://evil.example", "metrics-user").statusCode(403);

        String scrape = given().get(metrics).then().statusCode(200).extract().asString();

        assertThat(scrape).contains("airbyte_upstream_duration_seconds_bucket{")
                .containsPattern("airbyte_upstream_duration_seconds_count\\{.*operation=\"widget-token\".*outcome=\"success\"")
                .containsPattern("cache_gets_total\\{.*cache=\"operator-token\".*result=\"hit\"")
                .containsPattern("cache_gets_total\\{.*cache=\"operator-token\".*result=\"miss\"")
                .containsPattern("gateway_widget_tokens_total\\{.*origin=\"https://app.partner.example\".*outcome=\"minted\"")
                .containsPattern("gateway_origins_rejected_total [1-9]")
                .containsPattern("airbyte_circuit_open\\{breaker=\"airbyte-widget-token\"")
                .contains("airbyte_credentials_rejected")
                .contains("ft_retry_retries_total")
                .contains("ft_circuitbreaker_state_total");
    }
}
