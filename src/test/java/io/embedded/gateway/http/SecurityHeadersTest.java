package io.embedded.gateway.http;

import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.embedded.gateway.support.AirbyteStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/** Security headers on tokens, problems and refusals alike; HSTS only when configured. */
@QuarkusTest
@TestProfile(SecurityHeadersTest.WithHsts.class)
@WithTestResource(AirbyteStandInResource.class)
class SecurityHeadersTest {

    @Test
    void shouldSendSecurityHeadersOnEveryResponse() {
        secure(given().contentType("application/json").header("Origin", ORIGIN).body("{\"userId\":\"u1\"}")
                .post("/api/airbyte/widget-token").then().statusCode(200).header("Cache-Control", "no-store"));
        secure(given().contentType("application/json").header("Origin", ORIGIN).body("{}")
                .post("/api/airbyte/widget-token").then().statusCode(400));
        secure(given().get("/nothing-here").then().statusCode(404));
        secure(given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .options("/api/airbyte/widget-token").then().statusCode(403));
    }

    private static void secure(ValidatableResponse response) {
        response.header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }

    /** HSTS on, as where TLS ends in front of the gateway. */
    public static class WithHsts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.security-headers.hsts-max-age", "365d",
                    "gateway.security-headers.hsts-include-subdomains", "true");
        }
    }
}
