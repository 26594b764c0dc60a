package io.embedded.gateway.rest;

import static io.embedded.gateway.standin.AirbyteStandIn.CONNECTORS_PATH;
import static io.embedded.gateway.standin.AirbyteStandIn.GITHUB_TEMPLATE;
import static io.embedded.gateway.standin.AirbyteStandIn.HUBSPOT_TEMPLATE;
import static io.embedded.gateway.standin.AirbyteStandIn.POSTGRES_TEMPLATE;
import static io.embedded.gateway.standin.AirbyteStandIn.SALESFORCE_TEMPLATE;
import static io.embedded.gateway.standin.AirbyteStandIn.SOURCE_TEMPLATES_PATH;
import static io.embedded.gateway.standin.AirbyteStandIn.WIDGET_TOKEN_PATH;
import static io.embedded.gateway.support.AirbyteStandInResource.CRM_ORIGIN;
import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.embedded.gateway.support.AirbyteStandInResource.SECOND_ORIGIN;
import static io.embedded.gateway.support.AirbyteStandInResource.SOURCE_SECRET;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.standin.StandInFault;
import io.embedded.gateway.standin.StandInRequest;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.InjectAirbyteStandIn;
import io.embedded.gateway.support.WidgetTokenRequests;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Source templates, validated source creation, listing and scoped tokens over HTTP, against the stand-in. Runs again
 * against the packaged app (IT).
 */
@QuarkusTest
@WithTestResource(AirbyteStandInResource.class)
class SourcesApiTest {

    static final String TEMPLATES = "/api/airbyte/source-templates";
    static final String SOURCES = "/api/airbyte/sources";
    static final String PROBLEM = "urn:airbyte-embedded-gateway:problem:";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A Postgres configuration that passes the template's schema (the port is defaulted). */
    private static final String VALID_POSTGRES = "{\"host\": \"db\", \"database\": \"d\", \"username\": \"u\"}";

    @InjectAirbyteStandIn
    AirbyteStandIn standIn;

    @BeforeEach
    void resetStandIn() {
        standIn.reset();
    }

    @Test
    void shouldListEveryTemplateForAFrontendWithoutFilter() {
        templates(ORIGIN, "u1").statusCode(200)
                .body("id", containsInAnyOrder(GITHUB_TEMPLATE, HUBSPOT_TEMPLATE, POSTGRES_TEMPLATE, SALESFORCE_TEMPLATE))
                .body("find { it.name == 'GitHub' }.requiredFields",
                        equalTo(List.of("/credentials/access_token", "/repositories")))
                .body("find { it.name == 'GitHub' }.tags", equalTo(List.of("dev", "pro")));
    }

    @Test
    void shouldFilterTemplatesByTheFrontendsTagsInAllMode() {
        templates(SECOND_ORIGIN, "u1").statusCode(200).body("id", equalTo(List.of(HUBSPOT_TEMPLATE)))
                .body("[0].requiredFields",
                        equalTo(List.of("/credentials/client_secret", "/credentials/refresh_token")));

        assertThat(templateListQueries()).allSatisfy(query -> assertThat(query).contains("tags_mode=all")
                .contains("tags=crm").contains("tags=pro"));
    }

    @Test
    void shouldFilterTemplatesByTheFrontendsTagsInAnyMode() {
        templates(CRM_ORIGIN, "u1").statusCode(200)
                .body("id", containsInAnyOrder(HUBSPOT_TEMPLATE, POSTGRES_TEMPLATE, SALESFORCE_TEMPLATE));
    }

    @Test
    void shouldTellHttpCachesThatAnswersDependOnCallerAndOrigin() {
        templates(CRM_ORIGIN, "u1").statusCode(200).header("Cache-Control", "no-store")
                .header("Vary", containsString("Origin"));
        templates("https://evil.example", "u1").statusCode(403).header("Cache-Control", "no-store");
    }

    @Test
    void shouldReadASingleTemplateFromAirbyteOnceWhileCachedAndValidateAgainstIt() {
        for (int i = 0; i < 3; i++) {
            given().header("Origin", CRM_ORIGIN).queryParam("userId", "u1")
                    .get("/api/airbyte/source-templates/" + SALESFORCE_TEMPLATE).then().statusCode(200);
        }
        create(CRM_ORIGIN, "u1", SALESFORCE_TEMPLATE, "{}").statusCode(422);

        assertThat(
                standIn.requests("GET", SOURCE_TEMPLATES_PATH + "/" + SALESFORCE_TEMPLATE))
                .as("at most the first request reaches Airbyte").hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void shouldCacheTemplateListsBriefly() {
        for (int i = 0; i < 3; i++) {
            templates(CRM_ORIGIN, "cache-user-" + i).statusCode(200);
        }

        assertThat(templateListQueries()).as("at most the first request reaches Airbyte").hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void shouldDescribeOneTemplateWithoutTheFieldsItDefaults() {
        given().header("Origin", ORIGIN).queryParam("userId", "u1").get(TEMPLATES + "/" + GITHUB_TEMPLATE).then()
                .statusCode(200).body("id", equalTo(GITHUB_TEMPLATE))
                .body("userConfigSpec.required", equalTo(List.of("credentials", "repositories")))
                .body("userConfigSpec.properties", not(org.hamcrest.Matchers.hasKey("start_date")))
                .body("userConfigSpec.properties.credentials.properties.access_token.airbyte_secret", equalTo(true));
        given().header("Origin", SECOND_ORIGIN).queryParam("userId", "u1").get(TEMPLATES + "/" + HUBSPOT_TEMPLATE).then()
                .statusCode(200)
                .body("userConfigSpec.properties.credentials.properties", not(org.hamcrest.Matchers.hasKey("client_id")))
                .body("userConfigSpec.properties.credentials.required",
                        equalTo(List.of("client_secret", "refresh_token")));
    }

    @Test
    void shouldAnswerUnknownAndNotAllowedTemplatesAlike() {
        String unknown = assertProblem(given().header("Origin", ORIGIN).queryParam("userId", "u1")
                .get(TEMPLATES + "/00000000-0000-4000-8000-000000000000").then(), 404, "not-found").extract().path("detail");
        String notAllowed = assertProblem(given().header("Origin", SECOND_ORIGIN).queryParam("userId", "u1")
                .get(TEMPLATES + "/" + GITHUB_TEMPLATE).then(), 404, "not-found").extract().path("detail");

        assertThat(notAllowed).isEqualTo(unknown);
    }

    @Test
    void shouldRefuseToCreateFromANotAllowedTemplate() {
        assertProblem(create(SECOND_ORIGIN, "u1", GITHUB_TEMPLATE, validGitHub()), 404, "not-found");
        assertProblem(create(ORIGIN, "u1", "00000000-0000-4000-8000-000000000000", "{}"), 404, "not-found");

        assertThat(standIn.createSourceCalls()).isZero();
    }

    @Test
    void shouldProvisionAWorkspaceAirbyteDoesNotHaveYetBeforeTheFirstCreate() {
        create(CRM_ORIGIN, "never-seen-user", POSTGRES_TEMPLATE, VALID_POSTGRES).statusCode(201);
        create(CRM_ORIGIN, "never-seen-user", POSTGRES_TEMPLATE, VALID_POSTGRES).statusCode(201);

        assertThat(standIn.calls(AirbyteStandIn.SCOPED_TOKEN_PATH)).as("one provisioning call, for the first create only")
                .isEqualTo(1);
        assertThat(standIn.createSourceCalls()).as("no create was refused").isEqualTo(2);
    }

    @Test
    void shouldNotProvisionAWorkspaceAMintAlreadyCreated() {
        given().contentType("application/json").header("Origin", CRM_ORIGIN).body("{\"userId\":\"widget-first-user\"}")
                .post("/api/airbyte/widget-token").then().statusCode(200);

        create(CRM_ORIGIN, "widget-first-user", POSTGRES_TEMPLATE, VALID_POSTGRES).statusCode(201);

        assertThat(standIn.calls(AirbyteStandIn.SCOPED_TOKEN_PATH)).isZero();
        assertThat(standIn.createSourceCalls()).isEqualTo(1);
    }

    @Test
    void shouldRecreateAWorkspaceDeletedAtAirbyteAndCreateOnce() {
        create(CRM_ORIGIN, "deleted-workspace-user", POSTGRES_TEMPLATE, VALID_POSTGRES).statusCode(201);
        standIn.deleteWorkspaces();
        standIn.clearJournal();

        create(CRM_ORIGIN, "deleted-workspace-user", POSTGRES_TEMPLATE, VALID_POSTGRES).statusCode(201);

        assertThat(standIn.createSourceCalls()).as("refused with 404 (nothing created), then created").isEqualTo(2);
        assertThat(standIn.calls(AirbyteStandIn.SCOPED_TOKEN_PATH)).isEqualTo(1);
        assertThat(standIn.sourceNames("deleted-workspace-user")).hasSize(2);
    }

    @Test
    void shouldPointAtAMissingRequiredField() {
        assertValidationErrors(create(ORIGIN, "u1", GITHUB_TEMPLATE, "{\"credentials\": {}, \"repositories\": [\"a/b\"]}"),
                Map.of("/configuration/credentials/access_token", "is required"));
    }

    @Test
    void shouldPointAtAWrongType() {
        assertValidationErrors(
                create(CRM_ORIGIN, "u1", POSTGRES_TEMPLATE,
                        "{\"host\": \"db\", \"database\": 5432, \"username\": \"u\"}"),
                Map.of("/configuration/database", "must be of type string"));
    }

    @Test
    void shouldRefuseAFieldTheTemplateSets() {
        // GitHub's template pins start_date; HubSpot's pins the partner's OAuth client inside credentials.
        assertValidationErrors(create(ORIGIN, "u1", GITHUB_TEMPLATE,
                "{\"credentials\": {\"access_token\": \"t\"}, \"repositories\": [\"a/b\"], "
                        + "\"start_date\": \"1970-01-01T00:00:00Z\"}"),
                Map.of("/configuration/start_date", "is set by the template and cannot be changed"));
        assertValidationErrors(create(SECOND_ORIGIN, "u1", HUBSPOT_TEMPLATE,
                "{\"credentials\": {\"client_id\": \"attacker-app\", \"client_secret\": \"s\", "
                        + "\"refresh_token\": \"r\"}}"),
                Map.of("/configuration/credentials/client_id", "is set by the template and cannot be changed"));
    }

    @Test
    void shouldPointAtAnExtraFieldWhereTheSchemaForbidsIt() {
        assertValidationErrors(
                create(CRM_ORIGIN, "u1", POSTGRES_TEMPLATE,
                        "{\"host\": \"db\", \"database\": \"d\", \"username\": \"u\", \"sslmode\": \"require\"}"),
                Map.of("/configuration/sslmode", "is not a known field"));
    }

    @Test
    void shouldListAtMostTwentyInvalidFieldsAndCountTheRest() {
        String numbers = IntStream.range(0, 500).mapToObj(String::valueOf).collect(Collectors.joining(","));
        create(ORIGIN, "u1", GITHUB_TEMPLATE,
                "{\"credentials\": {\"access_token\": \"t\"}, \"repositories\": [" + numbers + "]}")
                .statusCode(422).body("errors", hasSize(20))
                .body("detail", containsString("480 more invalid fields are not listed"));
        assertThat(standIn.createSourceCalls()).isZero();
    }

    @Test
    void shouldCutTheUnknownFieldNamesItEchoesInPointers() {
        // A caller chooses these names: 24 of 400 characters fit in a body, and only the first 20 errors are listed.
        String fields = IntStream.range(0, 24).mapToObj(i -> "\"" + i + "x".repeat(400) + "\": 1")
                .collect(Collectors.joining(", "));
        List<String> pointers = create(CRM_ORIGIN, "u1", POSTGRES_TEMPLATE,
                "{\"host\": \"db\", \"database\": \"d\", \"username\": \"u\", " + fields + "}")
                .statusCode(422).body("errors", hasSize(20)).extract().path("errors.pointer");

        assertThat(pointers).allSatisfy(pointer -> assertThat(pointer).startsWith("/configuration/")
                .hasSize(io.embedded.gateway.errors.Problem.FieldError.MAX_POINTER_LENGTH + 1).endsWith("…"));
        assertThat(standIn.createSourceCalls()).isZero();
    }

    @Test
    void shouldPointAtNestedFields() {
        assertValidationErrors(
                create(ORIGIN, "u1", GITHUB_TEMPLATE,
                        "{\"credentials\": {\"access_token\": 42, \"scope\": \"repo\"}, \"repositories\": [\"a/b\"]}"),
                Map.of("/configuration/credentials/access_token", "must be of type string",
                        "/configuration/credentials/scope", "is not a known field"));
    }

    @Test
    void shouldNeverEchoASecretFromAFailingRequest() {
        String body = create(CRM_ORIGIN, "u1", POSTGRES_TEMPLATE, "{\"host\": \"db\", \"port\": \"" + SOURCE_SECRET
                + "\", \"password\": 7, \"username\": \"u\", \"token\": \"" + SOURCE_SECRET + "\"}")
                .statusCode(422).extract().asString();
        String nested = create(ORIGIN, "u1", GITHUB_TEMPLATE,
                "{\"credentials\": {\"access_token\": [\"" + SOURCE_SECRET + "\"], \"secret\": \"" + SOURCE_SECRET
                        + "\"}}")
                .statusCode(422).extract().asString();

        assertThat(body + nested).doesNotContain(SOURCE_SECRET).contains("/configuration/password")
                .contains("/configuration/credentials/access_token");
        assertThat(standIn.createSourceCalls()).isZero();
    }

    @Test
    void shouldCreateAValidSourceWithExactlyOneUpstreamCall() throws Exception {
        create(ORIGIN, "alice", GITHUB_TEMPLATE, validGitHub()).statusCode(201)
                .header("Cache-Control", "no-store")
                .body("sourceTemplateId", equalTo(GITHUB_TEMPLATE)).body("sourceTemplateName", equalTo("GitHub"))
                .body("name", equalTo("My GitHub")).body("id", org.hamcrest.Matchers.notNullValue())
                .body(not(org.hamcrest.Matchers.containsString(SOURCE_SECRET)));

        List<StandInRequest> creates = standIn.requests("POST", CONNECTORS_PATH);
        assertThat(creates).hasSize(1);
        JsonNode upstream = JSON.readTree(creates.get(0).body());
        assertThat(upstream.get("workspace_name").asText()).isEqualTo("alice");
        assertThat(upstream.get("source_template_id").asText()).isEqualTo(GITHUB_TEMPLATE);
        assertThat(upstream.at("/replication_config/credentials/access_token").asText()).isEqualTo(SOURCE_SECRET);
        assertThat(standIn.sourceNames("alice")).containsExactly("My GitHub");
    }

    @Test
    void shouldCountTemplateDefaultsAsSupplied() {
        create(SECOND_ORIGIN, "carol", HUBSPOT_TEMPLATE,
                "{\"credentials\": {\"client_secret\": \"" + SOURCE_SECRET + "\", \"refresh_token\": \"" + SOURCE_SECRET
                        + "\"}}")
                .statusCode(201).body("sourceTemplateId", equalTo(HUBSPOT_TEMPLATE));

        assertThat(standIn.createSourceCalls()).isEqualTo(1);
    }

    @Test
    void shouldListOnlyTheCallersSources() {
        create(ORIGIN, "list-alice", GITHUB_TEMPLATE, validGitHub()).statusCode(201);
        create(CRM_ORIGIN, "list-bob", POSTGRES_TEMPLATE,
                "{\"host\": \"db\", \"database\": \"d\", \"username\": \"u\", \"password\": \"" + SOURCE_SECRET + "\"}")
                .statusCode(201);

        given().header("Origin", ORIGIN).queryParam("userId", "list-alice").get(SOURCES).then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].sourceTemplateId", equalTo(GITHUB_TEMPLATE))
                .body("[0].name", equalTo("My GitHub")).body("[0].createdAt", org.hamcrest.Matchers.notNullValue());
        given().header("Origin", ORIGIN).queryParam("userId", "list-bob").get(SOURCES).then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].sourceTemplateId", equalTo(POSTGRES_TEMPLATE))
                .body(not(org.hamcrest.Matchers.containsString(SOURCE_SECRET)));
        given().header("Origin", ORIGIN).queryParam("userId", "list-nobody").get(SOURCES).then().statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void shouldNotRetryACreateAfterABadGateway() {
        failCreates(fault -> fault.status(502));

        assertProblem(create(ORIGIN, "u1", GITHUB_TEMPLATE, validGitHub()), 502, "upstream-error");
        assertThat(standIn.createSourceCalls()).isEqualTo(1);
    }

    @Test
    void shouldNotRetryACreateAfterAConnectionReset() {
        failCreates(StandInFault::resetConnection);

        assertProblem(create(ORIGIN, "u1", GITHUB_TEMPLATE, validGitHub()), 502, "upstream-error");
        assertThat(standIn.createSourceCalls()).isEqualTo(1);
    }

    @Test
    void shouldNotRetryACreateAfterATimeout() {
        failCreates(fault -> fault.answerAsTheContract()
                .after(Duration.ofMillis(AirbyteStandInResource.READ_TIMEOUT_MILLIS + 1_000)));

        assertProblem(create(ORIGIN, "u1", GITHUB_TEMPLATE, validGitHub()), 504, "upstream-timeout");
        assertThat(standIn.createSourceCalls()).isEqualTo(1);
    }

    @Test
    void shouldRetryListingAfterABadGatewayUnlikeCreating() {
        standIn.inject(StandInFault.get(CONNECTORS_PATH).status(502));

        assertProblem(given().header("Origin", ORIGIN).queryParam("userId", "u1").get(SOURCES).then(), 502, "upstream-error");
        assertThat(standIn.requests("GET", CONNECTORS_PATH)).hasSize(3);
    }

    @Test
    void shouldGiveTheWidgetTheFrontendsTemplateTags() throws Exception {
        WidgetTokenRequests.mint(SECOND_ORIGIN, "u1").statusCode(200);
        WidgetTokenRequests.mint(ORIGIN, "u1").statusCode(200);

        List<StandInRequest> widgetCalls = standIn.requests("POST", WIDGET_TOKEN_PATH);
        JsonNode second = JSON.readTree(widgetCalls.get(0).body());
        assertThat(second.get("selected_source_template_tags").toString()).isEqualTo("[\"crm\",\"pro\"]");
        assertThat(second.get("selected_source_template_tags_mode").asText()).isEqualTo("all");
        assertThat(JSON.readTree(widgetCalls.get(1).body()).has("selected_source_template_tags")).isFalse();
    }

    @Test
    void shouldMintAScopedTokenForTheCallersWorkspace() {
        String expiresAt = given().contentType("application/json").header("Origin", ORIGIN).body("{\"userId\":\"scoped-user\"}")
                .post("/api/airbyte/scoped-token").then().statusCode(200).header("Cache-Control", "no-store")
                .body("workspaceId", equalTo(standIn.workspaceId("scoped-user")))
                .body("token", org.hamcrest.Matchers.startsWith("eyJ")).extract().path("expiresAt");

        assertThat(Instant.parse(expiresAt)).isAfter(Instant.now().plus(Duration.ofMinutes(19)));
    }

    @Test
    void shouldRejectBadIdentitiesAndOriginsWithoutCallingAirbyte() {
        given().header("Origin", ORIGIN).queryParam("userId", "bad user").get(SOURCES).then().statusCode(400)
                .body("type", equalTo(PROBLEM + "invalid-request"));
        given().header("Origin", ORIGIN).get(TEMPLATES).then().statusCode(400);
        given().header("Origin", "https://evil.example").queryParam("userId", "u1").get(SOURCES).then().statusCode(403);
        create(ORIGIN, "u1", GITHUB_TEMPLATE, "null").statusCode(422)
                .body("errors.pointer", hasItem("/configuration"));

        assertThat(standIn.requests()).noneMatch(request -> request.url().startsWith(CONNECTORS_PATH));
    }

    static String validGitHub() {
        return "{\"credentials\": {\"access_token\": \"" + SOURCE_SECRET + "\"}, \"repositories\": [\"acme/app\"]}";
    }

    static ValidatableResponse templates(String origin, String userId) {
        return given().header("Origin", origin).queryParam("userId", userId).get(TEMPLATES).then();
    }

    static ValidatableResponse create(String origin, String userId, String templateId, String configuration) {
        return given().contentType("application/json").header("Origin", origin)
                .body("{\"userId\": \"" + userId + "\", \"sourceTemplateId\": \"" + templateId
                        + "\", \"name\": \"My GitHub\", \"configuration\": " + configuration + "}")
                .post(SOURCES).then();
    }

    static ValidatableResponse assertProblem(ValidatableResponse response, int status, String type) {
        return response.statusCode(status).contentType("application/problem+json").body("type", equalTo(PROBLEM + type))
                .body("status", equalTo(status)).body("title", org.hamcrest.Matchers.notNullValue());
    }

    private void assertValidationErrors(ValidatableResponse response, Map<String, String> expected) {
        List<Map<String, String>> errors = assertProblem(response, 422, "validation-failed")
                .body("instance", equalTo(SOURCES)).extract().path("errors");
        assertThat(errors).hasSize(expected.size());
        expected.forEach((pointer, detail) -> assertThat(errors).contains(Map.of("pointer", pointer, "detail", detail)));
        assertThat(standIn.createSourceCalls()).as("nothing is created from an invalid configuration").isZero();
    }

    private List<String> templateListQueries() {
        return standIn.requests("GET", SOURCE_TEMPLATES_PATH).stream().map(StandInRequest::url).toList();
    }

    private void failCreates(UnaryOperator<StandInFault> fault) {
        standIn.inject(fault.apply(StandInFault.post(CONNECTORS_PATH)));
    }
}
