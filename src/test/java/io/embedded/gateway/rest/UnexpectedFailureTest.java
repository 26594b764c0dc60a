package io.embedded.gateway.rest;

import static io.embedded.gateway.standin.AirbyteStandIn.SOURCE_TEMPLATES_PATH;
import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.standin.StandInFault;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.InjectAirbyteStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The catch-all mapper: a failure nobody classified becomes a 500 {@code internal-error} problem, logged once at ERROR
 * with its stack trace, and nothing of the exception reaches the client. Provoked without test code in the product:
 * Airbyte (the stand-in) serves a template whose specification holds a regular expression that does not compile, so the
 * configuration validator fails in a way no mapper knows. Same resources as {@code SourcesApiTest}: one Quarkus boot.
 */
@QuarkusTest
@WithTestResource(AirbyteStandInResource.class)
class UnexpectedFailureTest {

    /** In the broken pattern, so in the exception's message: it must never reach the client. */
    static final String CANARY = "canary-4e1b7f";

    @InjectAirbyteStandIn
    AirbyteStandIn standIn;

    @Test
    void shouldAnswer500InternalErrorLogItAtErrorAndLeakNothing() {
        standIn.reset();
        String templateId = UUID.randomUUID().toString();
        standIn.inject(StandInFault.get(SOURCE_TEMPLATES_PATH + "/" + templateId)
                .header("Content-Type", "application/json").body("""
                        {"id": "%s", "name": "Broken", "icon": null, "tags": [], "mode": "REPLICATION",
                         "user_config_spec": {"connectionSpecification": {
                           "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                           "properties": {"host": {"type": "string", "pattern": "(%s"}}}},
                         "partial_default_config": {}}""".formatted(templateId, CANARY)));
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        String body;
        try {
            body = given().contentType("application/json").header("Origin", ORIGIN)
                    .body("{\"userId\": \"u1\", \"sourceTemplateId\": \"" + templateId
                            + "\", \"name\": \"Broken\", \"configuration\": {\"host\": \"db\"}}")
                    .post("/api/airbyte/sources").then().statusCode(500).contentType("application/problem+json")
                    .body("type", equalTo("urn:airbyte-embedded-gateway:problem:internal-error"))
                    .body("status", equalTo(500)).body("instance", equalTo("/api/airbyte/sources"))
                    .extract().asString();
        } finally {
            root.removeHandler(capture);
        }

        assertThat(body).as("nothing of the exception in the answer").doesNotContain(CANARY).doesNotContain("Exception")
                .doesNotContain("at io.").doesNotContain("at java.");
        // Ours only: the schema library logs the pattern it could not compile at ERROR too (the template's, not ours).
        List<LogRecord> errors = records.stream().filter(record -> record.getLevel().intValue() >= Level.SEVERE.intValue()
                && record.getLoggerName().startsWith("io.embedded.gateway")).toList();
        assertThat(errors).as("logged once, at ERROR").hasSize(1);
        assertThat(errors.get(0).getThrown()).as("with its cause and stack trace").isNotNull();
        assertThat(standIn.createSourceCalls()).as("nothing was created").isZero();
    }
}
