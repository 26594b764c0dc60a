package io.embedded.gateway.rest;

import static io.embedded.gateway.standin.AirbyteStandIn.GITHUB_TEMPLATE;
import static io.embedded.gateway.standin.AirbyteStandIn.POSTGRES_TEMPLATE;
import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.embedded.gateway.support.AirbyteStandInResource.SOURCE_SECRET;
import static io.embedded.gateway.support.WidgetTokenRequests.assertProblem;
import static io.embedded.gateway.support.WidgetTokenRequests.mint;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.InjectAirbyteStandIn;
import io.embedded.gateway.support.WidgetTokenRequests;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.ValidatableResponse;

/**
 * Each endpoint and each kind of answer once, against the packaged jar: the prod profile, configuration from the
 * environment, every request and answer type serialised by the packaged application. The jar runs the same bytecode as
 * the {@code @QuarkusTest}s, which cover every behaviour; the native executable, where serialisation and reflection can
 * differ, runs their whole suites again ({@link WidgetTokenApiIT}, {@link SourcesApiIT}).
 */
@QuarkusIntegrationTest
@WithTestResource(AirbyteStandInResource.class)
class PackagedApiIT {

    static final String TEMPLATES = "/api/airbyte/source-templates";
    static final String SOURCES = "/api/airbyte/sources";

    @InjectAirbyteStandIn
    AirbyteStandIn standIn;

    @BeforeEach
    void resetStandIn() {
        standIn.reset();
    }

    @Test
    void shouldMintAWidgetTokenAndAnswerProblemsWithTheirFields() {
        mint(ORIGIN, "packaged-user").statusCode(200).header("Cache-Control", "no-store")
                .body("token", notNullValue()).body("widgetUrl", startsWith("http"))
                .body("workspaceId", equalTo(standIn.workspaceId("packaged-user"))).body("expiresAt", notNullValue());
        assertProblem(given().contentType("application/json").header("Origin", ORIGIN).body("{\"userId\":\"\"}")
                .post("/api/airbyte/widget-token").then(), 400, "invalid-request")
                .body("errors[0].pointer", equalTo("/userId"));
        given().contentType("application/json").header("Origin", "https://evil.example").body("{\"userId\":\"u\"}")
                .post("/api/airbyte/widget-token").then().statusCode(403);
        assertThat(standIn.widgetTokenCalls()).isEqualTo(1);
    }

    @Test
    void shouldMintAScopedToken() {
        given().contentType("application/json").header("Origin", ORIGIN).body("{\"userId\":\"packaged-scoped\"}")
                .post("/api/airbyte/scoped-token").then().statusCode(200).body("token", startsWith("eyJ"))
                .body("workspaceId", equalTo(standIn.workspaceId("packaged-scoped")));
    }

    @Test
    void shouldServeTemplatesCreateValidatedSourcesAndListThem() {
        given().header("Origin", ORIGIN).queryParam("userId", "packaged-owner").get(TEMPLATES).then()
                .statusCode(200).body("id", hasItem(GITHUB_TEMPLATE));
        given().header("Origin", ORIGIN).queryParam("userId", "packaged-owner")
                .get(TEMPLATES + "/" + POSTGRES_TEMPLATE).then().statusCode(200)
                .body("id", equalTo(POSTGRES_TEMPLATE));
        given().contentType("application/json").header("Origin", ORIGIN).body(createBody("{}")).post(SOURCES).then()
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo(WidgetTokenRequests.PROBLEM + "validation-failed")).body("errors", not(hasSize(0)));
        String created = createOnce().statusCode(201).body(not(containsString(SOURCE_SECRET))).extract().path("id");
        createOnce().statusCode(201).body("id", equalTo(created));

        given().header("Origin", ORIGIN).queryParam("userId", "packaged-owner").get(SOURCES).then()
                .statusCode(200).body("size()", equalTo(1)).body("[0].sourceTemplateId", equalTo(GITHUB_TEMPLATE));
        assertThat(standIn.createSourceCalls()).isEqualTo(1);
    }

    /** A create with an Idempotency-Key: sent twice, it creates one source and answers the same twice. */
    private static ValidatableResponse createOnce() {
        return given().contentType("application/json").header("Origin", ORIGIN).header("Idempotency-Key", "packaged-1")
                .body(createBody("{\"credentials\": {\"access_token\": \"" + SOURCE_SECRET
                        + "\"}, \"repositories\": [\"acme/app\"]}"))
                .post(SOURCES).then();
    }

    private static String createBody(String configuration) {
        return "{\"userId\": \"packaged-owner\", \"sourceTemplateId\": \"" + GITHUB_TEMPLATE
                + "\", \"name\": \"My GitHub\", \"configuration\": " + configuration + "}";
    }
}
