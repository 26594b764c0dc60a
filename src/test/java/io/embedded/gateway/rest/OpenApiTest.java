package io.embedded.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.embedded.gateway.support.AirbyteStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The API describes itself: every status the widget-token endpoint can answer, with schemas and examples. */
@QuarkusTest
@WithTestResource(AirbyteStandInResource.class)
class OpenApiTest {

    @Test
    void shouldDescribeTheWidgetTokenEndpointAndItsProblems() {
        var operation = "paths.'/api/airbyte/widget-token'.post";
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body(operation + ".summary", notNullValue())
                .body(operation + ".requestBody.content.'application/json'.examples", notNullValue())
                .body(operation + ".responses", hasKey("200"))
                .body(operation + ".responses", hasKey("400"))
                .body(operation + ".responses", hasKey("401"))
                .body(operation + ".responses", hasKey("403"))
                .body(operation + ".responses", hasKey("429"))
                .body(operation + ".security[0]", hasKey("bearer"))
                .body("components.securitySchemes.bearer.type", org.hamcrest.Matchers.equalTo("http"))
                .body("components.securitySchemes.bearer.scheme", org.hamcrest.Matchers.equalTo("bearer"))
                .body(operation + ".responses", hasKey("502"))
                .body(operation + ".responses", hasKey("503"))
                .body(operation + ".responses", hasKey("504"))
                .body(operation + ".responses.'502'.content", hasKey("application/problem+json"))
                .body("components.schemas", hasKey("Problem"))
                .body("components.schemas", hasKey("WidgetTokenResponse"));
    }

    @Test
    void shouldDescribeTheSourcesEndpointsAndTheirProblems() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/airbyte/sources'.post.responses", hasKey("201"))
                .body("paths.'/api/airbyte/sources'.post.responses", hasKey("422"))
                .body("paths.'/api/airbyte/sources'.post.responses.'422'.content", hasKey("application/problem+json"))
                .body("paths.'/api/airbyte/sources'.post.requestBody.content.'application/json'.examples", notNullValue())
                .body("paths.'/api/airbyte/sources'.get.responses", hasKey("200"))
                .body("paths.'/api/airbyte/source-templates'.get.responses", hasKey("200"))
                .body("paths.'/api/airbyte/source-templates/{id}'.get.responses", hasKey("404"))
                .body("paths.'/api/airbyte/scoped-token'.post.responses", hasKey("200"))
                .body("components.schemas", hasKey("SourceTemplate"))
                .body("components.schemas", hasKey("Source"));
    }

    @Test
    void shouldLeaveTheUserIdParameterOptionalSinceOnlyBodyModeReadsIt() {
        // A client generated for jwt or header mode must not be forced to send a user id its credentials already carry.
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/airbyte/sources'.get.parameters.find { it.name == 'userId' }.required", not(true))
                .body("paths.'/api/airbyte/source-templates'.get.parameters.find { it.name == 'userId' }.in",
                        is("query"))
                .body("paths.'/api/airbyte/source-templates'.get.parameters.find { it.name == 'userId' }.required",
                        not(true))
                .body("paths.'/api/airbyte/source-templates/{id}'.get.parameters.find { it.name == 'userId' }.required",
                        not(true))
                .body("info.license.identifier", is("Apache-2.0"));
    }

    @Test
    void shouldServeSwaggerUi() {
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger-ui"));
    }
}
