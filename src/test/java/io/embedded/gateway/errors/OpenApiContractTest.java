package io.embedded.gateway.errors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.embedded.gateway.support.AirbyteStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Walks every operation of the served OpenAPI document, the one other teams generate clients from: each caller-facing
 * operation has a unique operationId, the bearer requirement, every problem the catalogue says it can answer (one
 * example per problem type, {@code Retry-After} where it is sent), and every example in the document validates against
 * its own schema. Adding an operation or a problem type cannot leave the document behind.
 */
@QuarkusTest
@WithTestResource(AirbyteStandInResource.class)
class OpenApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");
    private JsonNode document;

    @BeforeEach
    void load() throws Exception {
        document = JSON.readTree(given().accept("application/json").get("/q/openapi").then().statusCode(200).extract()
                .asString());
    }

    @Test
    void shouldGiveEveryApiOperationItsIdSecurityAndCatalogueProblems() {
        Set<String> operationIds = new HashSet<>();
        int operations = 0;
        for (var path : iterable(document.path("paths").fieldNames())) {
            if (!path.startsWith(OpenApiProblemResponses.API_PREFIX)) {
                continue;
            }
            for (String method : METHODS) {
                JsonNode operation = document.path("paths").path(path).path(method);
                if (operation.isMissingNode()) {
                    continue;
                }
                operations++;
                String where = method.toUpperCase() + " " + path;
                assertThat(operation.path("operationId").asText()).as("operationId of %s", where).isNotBlank();
                assertThat(operationIds.add(operation.path("operationId").asText())).as("unique operationId of %s", where)
                        .isTrue();
                assertThat(operation.path("security").toString()).as("security of %s", where).isEqualTo("[{\"bearer\":[]}]");
                Set<ProblemType> expected = EnumSet.copyOf(OpenApiProblemResponses.COMMON);
                if (method.equals("post")) {
                    expected.addAll(OpenApiProblemResponses.WITH_BODY);
                }
                for (ProblemType type : expected) {
                    JsonNode response = operation.path("responses").path(Integer.toString(type.status()));
                    JsonNode example = response.path("content").path(ProblemResponses.PROBLEM_JSON).path("examples")
                            .path(type.slug()).path("value");
                    assertThat(example.path("type").asText()).as("%s example of %s", type.slug(), where)
                            .isEqualTo(type.type());
                    if (OpenApiProblemResponses.RETRY_AFTER.contains(type.status())) {
                        assertThat(response.path("headers").has("Retry-After")).as("Retry-After on %d of %s",
                                type.status(), where).isTrue();
                    }
                }
            }
        }
        assertThat(operations).as("caller-facing operations").isEqualTo(7);
    }

    @Test
    void shouldHaveOnlyExamplesThatValidateAgainstTheirSchemas() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        List<String> invalid = new ArrayList<>();
        int examples = 0;
        for (var path : iterable(document.path("paths").fieldNames())) {
            for (String method : METHODS) {
                JsonNode operation = document.path("paths").path(path).path(method);
                List<Map.Entry<String, JsonNode>> media = new ArrayList<>();
                operation.path("requestBody").path("content").properties()
                        .forEach(entry -> media.add(Map.entry(method + " " + path + " request " + entry.getKey(),
                                entry.getValue())));
                operation.path("responses").properties().forEach(response -> response.getValue().path("content")
                        .properties().forEach(entry -> media.add(Map.entry(method + " " + path + " " + response.getKey()
                                + " " + entry.getKey(), entry.getValue()))));
                for (var entry : media) {
                    Schema schema = registry.getSchema(withComponents(entry.getValue().path("schema")));
                    for (var example : entry.getValue().path("examples").properties()) {
                        examples++;
                        var errors = schema.validate(example.getValue().path("value"));
                        if (!errors.isEmpty()) {
                            invalid.add(entry.getKey() + " example " + example.getKey() + ": " + errors);
                        }
                    }
                }
            }
        }
        assertThat(examples).as("examples checked").isGreaterThan(20);
        assertThat(invalid).isEmpty();
        // The check bites: a problem whose status is not a number fails the Problem schema, through its $ref.
        JsonNode problemRef = JSON.createObjectNode().put("$ref", "#/components/schemas/Problem");
        assertThat(registry.getSchema(withComponents(problemRef)).validate(JSON.createObjectNode().put("status", "x")))
                .isNotEmpty();
    }

    @Test
    void shouldDescribeTheWebhookExactlyAsTheGatewaySendsIt() {
        JsonNode webhook = document.path("webhooks").path("source.created").path("post");
        assertThat(webhook.path("operationId").asText()).isEqualTo("sourceCreatedWebhook");
        JsonNode media = webhook.path("requestBody").path("content").path("application/json");
        assertThat(media.path("schema").path("$ref").asText()).isEqualTo("#/components/schemas/SourceCreatedEvent");
        assertThat(webhook.path("parameters")).extracting(parameter -> parameter.path("name").asText())
                .containsExactly("webhook-id", "webhook-timestamp", "webhook-signature");

        JsonNode schema = document.path("components").path("schemas").path("SourceCreatedEvent");
        List<String> fields = new ArrayList<>();
        schema.path("properties").path("data").path("properties").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as("the schema names what the gateway sends")
                .containsExactlyInAnyOrder(java.util.Arrays.stream(io.embedded.gateway.events.SourceCreatedEvent.Data.class
                        .getRecordComponents()).map(java.lang.reflect.RecordComponent::getName).toArray(String[]::new));
        Schema validator = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(withComponents(media.path("schema")));
        assertThat(validator.validate(media.path("example"))).isEmpty();
        JsonNode sent = JSON.valueToTree(new io.embedded.gateway.events.SourceCreatedEvent("source.created",
                "2026-11-21T23:25:00Z", new io.embedded.gateway.events.SourceCreatedEvent.Data("user_123", null,
                        "5b0c9e1d-1f3a-4e7b-8c2d-3a4b5c6d7e8f", "9a1f6a52-8a47-4d1e-9f0e-6c2b8f0d3a11", "GitHub", "api")));
        assertThat(validator.validate(sent)).isEmpty();
        assertThat(validator.validate(((ObjectNode) sent.deepCopy()).put("type", "source.updated"))).isNotEmpty();

        JsonNode report = document.path("paths").path("/api/airbyte/events").path("post").path("responses");
        assertThat(report.has("202")).isTrue();
        assertThat(report.path("503").path("content").path(ProblemResponses.PROBLEM_JSON).path("examples")
                .has(ProblemType.IDEMPOTENCY_UNAVAILABLE.slug())).isTrue();
    }

    /** The operation's schema with the document's components beside it, so that its {@code $ref}s resolve. */
    private JsonNode withComponents(JsonNode schema) {
        ObjectNode root = schema.isObject() ? ((ObjectNode) schema).deepCopy() : JSON.createObjectNode();
        root.set("components", document.path("components"));
        return root;
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }
}
