package io.embedded.gateway.http;

import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.Test;

import io.embedded.gateway.support.AirbyteStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Security headers on tokens, problems and refusals alike, HSTS included where it is configured (as in these tests). */
@QuarkusTest
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
}
