package io.embedded.gateway.identity;

import static io.embedded.gateway.standin.AirbyteStandIn.WIDGET_TOKEN_PATH;
import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static io.embedded.gateway.support.WidgetTokenRequests.unauthenticated;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.InjectAirbyteStandIn;
import io.embedded.gateway.support.UpstreamCalls;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/** {@code gateway.identity.mode=header}: the proxy's user header counts only with the proxy's shared secret. */
@QuarkusTest
@TestProfile(HeaderIdentityTest.HeaderMode.class)
@WithTestResource(value = AirbyteStandInResource.class, initArgs = @ResourceArg(name = "identity-mode", value = "header"))
class HeaderIdentityTest {

    static final String SECRET = AirbyteStandInResource.PROXY_SECRET;

    @InjectAirbyteStandIn
    AirbyteStandIn standIn;

    @BeforeEach
    void resetStandIn() {
        standIn.reset();
    }

    @Test
    void shouldRefuseTheUserHeaderWithoutTheProxySecret() {
        unauthenticated(mint(Map.of("X-Authenticated-User", "alice")));
        unauthenticated(mint(Map.of("X-Authenticated-User", "alice", "X-Gateway-Secret", SECRET.substring(1))));
        unauthenticated(mint(Map.of("X-Authenticated-User", "alice", "X-Gateway-Secret", SECRET + "x")));
        unauthenticated(mint(Map.of("X-Gateway-Secret", SECRET)));

        assertThat(UpstreamCalls.forRequests(standIn)).isEmpty();
    }

    @Test
    void shouldUseTheHeadersUserWithTheProxySecret() throws Exception {
        mint(Map.of("X-Authenticated-User", "alice@partner.example", "X-Gateway-Secret", SECRET)).statusCode(200)
                .body("workspaceId", equalTo(standIn.workspaceId("alice@partner.example")));

        var requests = standIn.requests("POST", WIDGET_TOKEN_PATH);
        assertThat(requests).hasSize(1);
        assertThat(new ObjectMapper().readTree(requests.get(0).body()).get("workspace_name").asText())
                .as("the body's userId is ignored").isEqualTo("alice@partner.example");
    }

    private static ValidatableResponse mint(Map<String, String> headers) {
        return given().contentType("application/json").header("Origin", ORIGIN).headers(headers)
                .body("{\"userId\":\"mallory\"}").post(io.embedded.gateway.support.WidgetTokenRequests.PATH).then();
    }

    /** Header mode with a shared secret. */
    public static class HeaderMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.identity.header.secret", SECRET);
        }
    }
}
