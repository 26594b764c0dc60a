package io.embedded.gateway.identity;

import static io.embedded.gateway.standin.AirbyteStandIn.POSTGRES_TEMPLATE;
import static io.embedded.gateway.standin.AirbyteStandIn.WIDGET_TOKEN_PATH;
import static io.embedded.gateway.support.AirbyteStandInResource.CRM_ORIGIN;
import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.embedded.gateway.support.WidgetTokenRequests.PATH;
import static io.embedded.gateway.support.WidgetTokenRequests.unauthenticated;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.InjectAirbyteStandIn;
import io.embedded.gateway.support.InjectJwtIssuer;
import io.embedded.gateway.support.JwtIssuerResource;
import io.embedded.gateway.support.TestJwtIssuer;
import io.embedded.gateway.support.UpstreamCalls;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** {@code gateway.identity.mode=jwt}: only tokens of the configured issuer, audience and keys mint, for their subject. */
@QuarkusTest
@WithTestResource(value = AirbyteStandInResource.class, initArgs = @ResourceArg(name = "identity-mode", value = "jwt"))
@WithTestResource(JwtIssuerResource.class)
class JwtIdentityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectAirbyteStandIn
    AirbyteStandIn standIn;

    @InjectJwtIssuer
    TestJwtIssuer issuer;

    @BeforeEach
    void resetStandIn() {
        standIn.reset();
    }

    @Test
    void shouldMintForTheTokensSubject() throws Exception {
        mint("Bearer " + issuer.token("auth0|alice"), "{}").statusCode(200)
                .header("Cache-Control", "no-store")
                .body("workspaceId", equalTo(standIn.workspaceId("auth0|alice")));

        assertThat(upstreamWorkspaceNames()).containsExactly("auth0|alice");
    }

    @Test
    void shouldIgnoreAUserNamedInTheBody() throws Exception {
        mint("Bearer " + issuer.token("alice"), "{\"userId\":\"bob\"}").statusCode(200)
                .body("workspaceId", equalTo(standIn.workspaceId("alice")));
        mint("Bearer " + issuer.token("alice"), null).statusCode(200);

        assertThat(upstreamWorkspaceNames()).containsExactly("alice", "alice");
    }

    static List<Object[]> refusedTokens() {
        long now = Instant.now().getEpochSecond();
        return List.<Object[]> of(
                refused("signed by another key under the published kid",
                        issuer -> issuer.signWithForeignKey(TestJwtIssuer.claims("alice"), issuer.currentKid())),
                refused("signed by another key under an unknown kid",
                        issuer -> issuer.signWithForeignKey(TestJwtIssuer.claims("alice"), "attacker-key")),
                refused("expired", issuer -> issuer.sign(with("alice", "exp", now - 120))),
                refused("not yet valid", issuer -> issuer.sign(with("alice", "nbf", now + 600))),
                refused("wrong issuer", issuer -> issuer.sign(with("alice", "iss", "https://evil.example/"))),
                refused("wrong audience", issuer -> issuer.sign(with("alice", "aud", "another-service"))),
                refused("alg none", issuer -> issuer.unsigned(TestJwtIssuer.claims("alice"))),
                refused("missing user claim", issuer -> issuer.sign(without("alice", "sub"))),
                refused("missing expiry", issuer -> issuer.sign(without("alice", "exp"))),
                refused("valid for longer than max-token-lifetime (24 h)",
                        issuer -> issuer.sign(with("alice", "exp", now + 25 * 3_600))),
                refused("without iat, expiring beyond max-token-lifetime from now", issuer -> {
                    Map<String, Object> claims = with("alice", "exp", now + 25 * 3_600);
                    claims.remove("iat");
                    return issuer.sign(claims);
                }),
                refused("user claim unusable as a workspace name", issuer -> issuer.token("alice smith")),
                refused("not a JWT", issuer -> "caller-credential"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedTokens")
    void shouldRefuseBadTokensWithoutCallingAirbyte(String why, Function<TestJwtIssuer, String> token) {
        unauthenticated(mint("Bearer " + token.apply(issuer), "{\"userId\":\"alice\"}"))
                .header("WWW-Authenticate", startsWith("Bearer"))
                .header("WWW-Authenticate", org.hamcrest.Matchers.containsString("invalid_token"));

        assertThat(UpstreamCalls.forRequests(standIn)).isEmpty();
    }

    @Test
    void shouldRefuseRequestsWithoutABearerToken() {
        unauthenticated(mint(null, "{\"userId\":\"alice\"}"))
                .header("WWW-Authenticate", startsWith("Bearer"))
                .header("WWW-Authenticate", not(org.hamcrest.Matchers.containsString("invalid_token")));
        unauthenticated(mint("Basic YWxpY2U6c2VjcmV0", "{}"));

        assertThat(UpstreamCalls.forRequests(standIn)).isEmpty();
    }

    @Test
    void shouldFollowKeyRotation() throws Exception {
        String beforeRotation = issuer.token("carol");
        mint("Bearer " + beforeRotation, "{}").statusCode(200);
        int fetches = issuer.jwksRequests();

        issuer.rotate();
        mint("Bearer " + issuer.token("carol"), "{}").statusCode(200);

        assertThat(issuer.jwksRequests()).as("the unknown kid made the gateway refetch the JWKS").isGreaterThan(fetches);
        unauthenticated(mint("Bearer " + beforeRotation, "{}"));
        assertThat(upstreamWorkspaceNames()).containsExactly("carol", "carol");
    }

    @Test
    void shouldNeverLogTheCallersUserOrWorkspace() {
        // The workspace name is the user id here ({user}); every level is captured, DEBUG included (test profile).
        String user = "log-canary-7d41c9";
        String bearer = "Bearer " + issuer.token(user);
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
                StringWriter thrown = new StringWriter();
                if (record.getThrown() != null) {
                    record.getThrown().printStackTrace(new PrintWriter(thrown));
                }
                logged.add(record.getLoggerName() + " " + message + " " + thrown);
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
        try {
            mint(bearer, "{}").statusCode(200);
            given().header("Origin", CRM_ORIGIN).header("Authorization", bearer).contentType("application/json")
                    .body("{\"sourceTemplateId\": \"" + POSTGRES_TEMPLATE + "\", \"name\": \"db\", \"configuration\": "
                            + "{\"host\": \"db\", \"database\": \"d\", \"username\": \"u\"}}")
                    .post("/api/airbyte/sources").then().statusCode(201);
            given().header("Origin", CRM_ORIGIN).header("Authorization", bearer).contentType("application/json")
                    .body("{\"sourceTemplateId\": \"" + POSTGRES_TEMPLATE + "\", \"configuration\": {}}")
                    .post("/api/airbyte/sources").then().statusCode(422);
            given().header("Origin", CRM_ORIGIN).header("Authorization", bearer).get("/api/airbyte/sources").then()
                    .statusCode(200);
            given().header("Origin", ORIGIN).header("Authorization", bearer).contentType("application/json").body("{}")
                    .post("/api/airbyte/scoped-token").then().statusCode(200);
        } finally {
            root.removeHandler(capture);
        }

        assertThat(logged).as("what the requests logged").isNotEmpty();
        assertThat(logged).noneMatch(line -> line.contains(user));
    }

    private static Object[] refused(String why, Function<TestJwtIssuer, String> token) {
        return new Object[] { why, token };
    }

    private static Map<String, Object> with(String subject, String claim, Object value) {
        Map<String, Object> claims = TestJwtIssuer.claims(subject);
        claims.put(claim, value);
        return claims;
    }

    private static Map<String, Object> without(String subject, String claim) {
        Map<String, Object> claims = TestJwtIssuer.claims(subject);
        claims.remove(claim);
        return claims;
    }

    static ValidatableResponse mint(String authorization, String body) {
        var request = given().contentType("application/json").header("Origin", ORIGIN);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.body(body);
        }
        return request.post(PATH).then();
    }

    private List<String> upstreamWorkspaceNames() throws Exception {
        var names = new java.util.ArrayList<String>();
        for (var request : standIn.requests("POST", WIDGET_TOKEN_PATH)) {
            JsonNode body = JSON.readTree(request.body());
            names.add(body.get("workspace_name").asText());
        }
        return names;
    }
}
