package io.embedded.gateway.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.response.ValidatableResponse;

/** The widget-token request and the problem answers the API tests send and check, shared by their classes. */
public final class WidgetTokenRequests {

    public static final String PATH = "/api/airbyte/widget-token";
    public static final String PROBLEM = "urn:airbyte-embedded-gateway:problem:";

    private WidgetTokenRequests() {
    }

    /** A body-mode widget-token request from {@code origin} for {@code userId}. */
    public static ValidatableResponse mint(String origin, String userId) {
        return given().contentType("application/json").header("Origin", origin).body("{\"userId\":\"" + userId + "\"}")
                .post(PATH).then();
    }

    /** Checks that {@code response} is the problem {@code type} with {@code status}, about the widget-token path. */
    public static ValidatableResponse assertProblem(ValidatableResponse response, int status, String type) {
        return response.statusCode(status).contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + type)).body("status", equalTo(status)).body("title", notNullValue())
                .body("detail", notNullValue()).body("instance", equalTo(PATH));
    }

    /** Checks that {@code response} is the 401 {@code unauthenticated} problem about the widget-token path. */
    public static ValidatableResponse unauthenticated(ValidatableResponse response) {
        return response.statusCode(401).contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "unauthenticated")).body("status", equalTo(401))
                .body("instance", equalTo(PATH));
    }
}
