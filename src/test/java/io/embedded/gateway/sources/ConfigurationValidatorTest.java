package io.embedded.gateway.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Draft-07 validation of source configurations: pointers per problem, defaults honoured, values never echoed. */
class ConfigurationValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "hunter2-super-secret";

    private final ConfigurationValidator validator = new ConfigurationValidator();

    private static final SourceTemplate TEMPLATE = template("""
            {"id": "t1", "name": "Example", "tags": ["crm"], "mode": "REPLICATION",
             "user_config_spec": {"connectionSpecification": {
               "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
               "required": ["credentials", "host", "port"], "additionalProperties": false,
               "properties": {
                 "credentials": {"type": "object", "required": ["client_id", "client_secret"],
                   "additionalProperties": false,
                   "properties": {"client_id": {"type": "string"},
                     "client_secret": {"type": "string", "airbyte_secret": true}}},
                 "host": {"type": "string"},
                 "port": {"type": "integer"},
                 "password": {"type": "string", "airbyte_secret": true}}}},
             "partial_default_config": {"credentials": {"client_id": "app"}, "port": 5432}}""");

    @Test
    void shouldAcceptAConfigurationCompletedByTheDefaults() {
        assertThat(validator.problems(TEMPLATE, json("{\"credentials\": {\"client_secret\": \"s\"}, \"host\": \"h\"}")))
                .isEmpty();
    }

    @Test
    void shouldListProblemsSortedByPointer() {
        // Fixed fields (port) are found first, then the schema reports in its own order; the API promises them sorted.
        assertThat(validator.problems(TEMPLATE, json("{\"credentials\": {}, \"port\": 1, \"zone\": 1}")))
                .extracting(FieldProblem::pointer).hasSize(4).isSorted();
    }

    @Test
    void shouldPointAtAMissingNestedRequiredField() {
        assertThat(validator.problems(TEMPLATE, json("{\"credentials\": {}, \"host\": \"h\"}")))
                .containsExactly(new FieldProblem("/configuration/credentials/client_secret", "is required"));
    }

    @Test
    void shouldPointAtAMissingTopLevelField() {
        assertThat(validator.problems(TEMPLATE, json("{\"credentials\": {\"client_secret\": \"s\"}}")))
                .containsExactly(new FieldProblem("/configuration/host", "is required"));
    }

    @Test
    void shouldPointAtAWrongType() {
        assertThat(validator.problems(TEMPLATE,
                json("{\"credentials\": {\"client_secret\": \"s\"}, \"host\": 7, \"password\": 42}")))
                .containsExactly(new FieldProblem("/configuration/host", "must be of type string"),
                        new FieldProblem("/configuration/password", "must be of type string"));
    }

    @Test
    void shouldPointAtExtraFieldsWhereTheSchemaForbidsThem() {
        assertThat(validator.problems(TEMPLATE, json("{\"credentials\": {\"client_secret\": \"s\", \"extra\": \"" + SECRET
                + "\"}, \"host\": \"h\", \"other\": 1}")))
                .containsExactly(new FieldProblem("/configuration/credentials/extra", "is not a known field"),
                        new FieldProblem("/configuration/other", "is not a known field"));
    }

    @Test
    void shouldNeverQuoteSubmittedValues() {
        List<FieldProblem> problems = validator.problems(TEMPLATE, json("{\"credentials\": {\"client_secret\": 42, \"x\": \""
                + SECRET + "\"}, \"host\": [\"" + SECRET + "\"], \"password\": {\"v\": \"" + SECRET + "\"}}"));

        assertThat(problems).hasSizeGreaterThanOrEqualTo(4);
        assertThat(problems.toString()).doesNotContain(SECRET).doesNotContain("42");
    }

    @Test
    void shouldRefuseAFieldTheTemplateSets() {
        assertThat(validator.problems(TEMPLATE, json("{\"credentials\": {\"client_secret\": \"s\"}, \"host\": \"h\", "
                + "\"port\": 1}")))
                .containsExactly(new FieldProblem("/configuration/port", ConfigurationValidator.FIXED_BY_TEMPLATE));
    }

    @Test
    void shouldRefuseANestedFieldTheTemplateSetsButLetTheUserFillTheRestOfItsObject() {
        assertThat(validator.problems(TEMPLATE,
                json("{\"credentials\": {\"client_id\": \"mine\", \"client_secret\": \"s\"}, \"host\": \"h\"}")))
                .containsExactly(
                        new FieldProblem("/configuration/credentials/client_id", ConfigurationValidator.FIXED_BY_TEMPLATE));
    }

    @Test
    void shouldRefuseReplacingAnObjectTheTemplatePartlySets() {
        assertThat(validator.problems(TEMPLATE, json("{\"credentials\": \"" + SECRET + "\", \"host\": \"h\"}")))
                .containsExactly(new FieldProblem("/configuration/credentials", ConfigurationValidator.FIXED_BY_TEMPLATE),
                        new FieldProblem("/configuration/credentials/client_secret", "is required"));
    }

    @Test
    void shouldRefuseTheTemplatesOwnValueToo() {
        // Sending the fixed value is still setting it: the answer must not tell a user what the partner pinned.
        assertThat(validator.problems(TEMPLATE,
                json("{\"credentials\": {\"client_secret\": \"s\"}, \"host\": \"h\", \"port\": 5432}")))
                .containsExactly(new FieldProblem("/configuration/port", ConfigurationValidator.FIXED_BY_TEMPLATE));
    }

    @Test
    void shouldRequireAnObject() {
        assertThat(validator.problems(TEMPLATE, json("[1]")))
                .containsExactly(new FieldProblem("/configuration", "must be a JSON object"));
    }

    @Test
    void shouldDescribeWhatTheUserMustStillSupply() {
        assertThat(TEMPLATE.requiredFields()).containsExactly("/credentials/client_secret", "/host");
        JsonNode spec = TEMPLATE.userSpecification();
        assertThat(spec.path("properties").has("port")).isFalse();
        assertThat(spec.path("properties").path("credentials").path("properties").has("client_id")).isFalse();
        assertThat(spec.path("required").toString()).doesNotContain("port");
    }

    private static SourceTemplate template(String json) {
        return SourceTemplate.from(json(json));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
