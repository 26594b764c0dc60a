package io.embedded.gateway.rest;

import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.embedded.gateway.support.WidgetTokenRequests.mint;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.embedded.gateway.support.AirbyteStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * Every promised metric is in {@code /q/metrics} on the management port of the packaged application. An integration
 * test on purpose: Quarkus binds cache metrics weakly, and in a JVM that restarts the application for several test
 * profiles a later application can find the cache meters of an earlier, collected one; one application per JVM, as in
 * production, has no such ambiguity.
 */
@QuarkusIntegrationTest
@WithTestResource(AirbyteStandInResource.class)
class MetricsIT {

    @Test
    void shouldExposeUpstreamTokenOriginAndBreakerMetrics() {
        mint(ORIGIN, "metrics-user").statusCode(200);
        mint(ORIGIN, "metrics-user").statusCode(200);
        mint("https://evil.example", "metrics-user").statusCode(403);

        // More junk paths than the 100-URI tag budget, from no origin and from a refused one (answered before routing).
        for (int i = 0; i < 60; i++) {
            given().get("/junk-" + i).then().statusCode(404);
            given().header("Origin", "https://evil.example").post("/api/airbyte/junk-" + i).then().statusCode(403);
        }
        mint(ORIGIN, "metrics-user-after-junk").statusCode(200);

        String scrape = given().get("http://localhost:" + AirbyteStandInResource.managementPort() + "/q/metrics").then()
                .statusCode(200).extract().asString();
        assertThat(scrape).as("junk paths share one uri tag").doesNotContain("junk-")
                .containsPattern("http_server_requests_seconds_count\\{.*uri=\"UNMATCHED\"")
                .containsPattern("http_server_requests_seconds_count\\{.*uri=\"/api/airbyte/widget-token\"");

        assertThat(scrape).contains("airbyte_upstream_duration_seconds_bucket{")
                .containsPattern("airbyte_upstream_duration_seconds_count\\{.*operation=\"widget-token\".*outcome=\"success\"")
                .containsPattern("cache_gets_total\\{.*cache=\"operator-token\".*result=\"hit\"")
                // The second mint reuses the held token without a cache lookup.
                .containsPattern("gateway_operator_token_reuses_total [1-9]")
                .containsPattern("cache_gets_total\\{.*cache=\"operator-token\".*result=\"miss\"")
                .containsPattern("gateway_widget_tokens_total\\{.*origin=\"https://app.partner.example\".*outcome=\"minted\"")
                .containsPattern("gateway_origins_rejected_total [1-9]")
                .containsPattern("gateway_rate_limit_tracked_identities\\{.*budget=\"write\".*\\} [1-9]")
                .containsPattern("airbyte_circuit_open\\{breaker=\"airbyte-widget-token\"")
                .contains("airbyte_credentials_rejected")
                .contains("ft_retry_retries_total")
                .contains("ft_circuitbreaker_state_total");
    }
}
