package io.embedded.gateway.ratelimit;

import static io.embedded.gateway.standin.AirbyteStandIn.GITHUB_TEMPLATE;
import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.embedded.gateway.audit.AuditLog;
import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.InjectAirbyteStandIn;
import io.embedded.gateway.support.UpstreamCalls;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Limits over HTTP: writes 3 per identity and 5 for the gateway, reads 4 and 6, each per hour. */
@QuarkusTest
@WithTestResource(value = AirbyteStandInResource.class, initArgs = {
        @ResourceArg(name = "per-identity-limit", value = "3"), @ResourceArg(name = "global-limit", value = "5"),
        @ResourceArg(name = "per-identity-read-limit", value = "4"), @ResourceArg(name = "global-read-limit", value = "6") })
class RateLimitTest {

    static final String PROBLEM = "urn:airbyte-embedded-gateway:problem:rate-limited";
    static final Logger AUDIT = Logger.getLogger("io.embedded.gateway.audit");

    @InjectAirbyteStandIn
    AirbyteStandIn standIn;

    @Test
    void shouldLimitEachIdentityThenTheWholeGateway() {
        standIn.reset();
        for (int i = 0; i < 3; i++) {
            mint("alice").statusCode(200);
        }

        // 3 per hour: the next permit comes after 20 minutes.
        String retryAfter = rateLimited(mint("alice")).body("detail", equalTo(
                "Too many token and source-creation requests for this user. Try again later.")).extract().header("Retry-After");
        assertThat(Long.parseLong(retryAfter)).isBetween(1190L, 1200L);
        assertThat(standIn.widgetTokenCalls()).as("a refused request never reaches Airbyte").isEqualTo(3);

        mint("bob").statusCode(200);
        mint("bob").statusCode(200);
        // Five minted in all: the gateway's allowance (5 per hour: one each 12 minutes) is used up, for everyone.
        String globalRetryAfter = rateLimited(mint("carol")).extract().header("Retry-After");
        assertThat(Long.parseLong(globalRetryAfter)).isBetween(710L, 720L);
        assertThat(standIn.widgetTokenCalls()).isEqualTo(5);

        // A keyed create refused by a limit did not run: its key is free at once (refused again, not "still running"),
        // and each refusal's audit line names the limit.
        List<String> refusals = new CopyOnWriteArrayList<>();
        Handler audit = auditLines(line -> {
            if (line.contains("\"event\":\"/api/airbyte/sources\"")) {
                refusals.add(line);
            }
        });
        try {
            String key = UUID.randomUUID().toString();
            rateLimited(createSource("grace", key));
            rateLimited(createSource("grace", key)).header("Idempotent-Replayed", nullValue());
            await().atMost(Duration.ofSeconds(5)).until(() -> refusals.size() == 2);
        } finally {
            AUDIT.removeHandler(audit);
        }
        assertThat(refusals).allSatisfy(line -> assertThat(line).contains("\"status\":429", "\"limitedBy\":\"global\""));
        assertThat(standIn.createSourceCalls()).isZero();
    }

    @Test
    void shouldChargeReadsToTheirOwnAllowanceBeforeAnyUpstreamCall() {
        standIn.reset();
        for (int i = 0; i < 4; i++) {
            templates("dave").statusCode(200);
        }
        int upstreamReads = UpstreamCalls.forRequests(standIn).size();

        rateLimited(templates("dave")).body("detail", equalTo(
                "Too many template and source-listing requests for this user. Try again later."));
        rateLimited(given().header("Origin", ORIGIN).queryParam("userId", "dave").get("/api/airbyte/sources").then());
        assertThat(UpstreamCalls.forRequests(standIn)).as("a refused read never reaches Airbyte").hasSize(upstreamReads);

        templates("erin").statusCode(200);
        templates("erin").statusCode(200);
        // Six reads in all: the gateway's read allowance is used up, for everyone (writes have their own: RateLimiterTest;
        // not minted here, since this application's write allowance is the other test's).
        rateLimited(templates("frank"));
    }

    private static ValidatableResponse templates(String user) {
        return given().header("Origin", ORIGIN).queryParam("userId", user).get("/api/airbyte/source-templates").then();
    }

    private static ValidatableResponse rateLimited(ValidatableResponse response) {
        return response.statusCode(429).contentType("application/problem+json").body("type", equalTo(PROBLEM))
                .body("status", equalTo(429));
    }

    private static ValidatableResponse createSource(String user, String idempotencyKey) {
        return given().contentType("application/json").header("Origin", ORIGIN).header("Idempotency-Key", idempotencyKey)
                .body("{\"userId\": \"" + user + "\", \"sourceTemplateId\": \"" + GITHUB_TEMPLATE
                        + "\", \"name\": \"Mine\", \"configuration\": {\"credentials\": {\"access_token\": \"t\"},"
                        + " \"repositories\": [\"acme/app\"]}}")
                .post("/api/airbyte/sources").then();
    }

    /** Hands every audit line (its JSON) to {@code lines} until the returned handler is removed. */
    private static Handler auditLines(Consumer<String> lines) {
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (message != null && message.startsWith(AuditLog.MARKER)) {
                    lines.accept(message.substring(AuditLog.MARKER.length()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        AUDIT.addHandler(handler);
        return handler;
    }

    private static ValidatableResponse mint(String user) {
        return given().contentType("application/json").header("Origin", ORIGIN).body("{\"userId\":\"" + user + "\"}")
                .post("/api/airbyte/widget-token").then();
    }
}
