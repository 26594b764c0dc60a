package io.embedded.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading a token's own expiry, and ignoring everything that is not a JWT with a numeric exp. */
class JwtClaimsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldReadTheExpiryOfAJwt() {
        assertThat(JwtClaims.expiry(json, jwt("{\"sub\":\"app\",\"exp\":1800000000}")))
                .contains(Instant.ofEpochSecond(1_800_000_000L));
    }

    @ParameterizedTest
    @ValueSource(strings = { "opaque-token", "a.b", "a.b.c.d", "!!!.###.sig", "e30.e30.sig" })
    void shouldIgnoreTokensThatAreNotJwtsWithAnExpiry(String token) {
        assertThat(JwtClaims.expiry(json, token)).isEmpty();
    }

    @Test
    void shouldIgnoreAnExpiryThatIsNotANumber() {
        assertThat(JwtClaims.expiry(json, jwt("{\"exp\":\"soon\"}"))).isEmpty();
        assertThat(JwtClaims.expiry(json, jwt("[1,2]"))).isEmpty();
    }

    @Test
    void shouldReadTheWorkspaceScopeAndSkipEveryOtherClaim() {
        JwtClaims claims = JwtClaims.of(json, jwt("{\"iss\":\"airbyte\",\"roles\":[\"a\",{\"b\":[]}],"
                + "\"io.airbyte.auth.workspace_scope\":{\"other\":{\"workspaceId\":\"no\"},\"workspaceId\":\"ws-1\"},"
                + "\"exp\":1800000000.75}")).orElseThrow();

        assertThat(claims.workspaceId()).contains("ws-1");
        assertThat(claims.expiry()).contains(Instant.ofEpochSecond(1_800_000_000L));
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"io.airbyte.auth.workspace_scope\":{\"workspaceId\":\" \"}}",
            "{\"io.airbyte.auth.workspace_scope\":{\"workspaceId\":7}}", "{\"io.airbyte.auth.workspace_scope\":\"ws-1\"}",
            "{\"workspaceId\":\"ws-1\"}" })
    void shouldNameNoWorkspaceWithoutANonBlankWorkspaceScope(String payload) {
        assertThat(JwtClaims.of(json, jwt(payload)).orElseThrow().workspaceId()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"exp\":9000000000000000000}", "{\"exp\":1e300}", "{\"exp\":123456789012345678901234567890}",
            "{\"exp\":null}", "{\"exp\":[1800000000]}" })
    void shouldIgnoreAnExpiryNoInstantCanHold(String payload) {
        assertThat(JwtClaims.expiry(json, jwt(payload))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"exp\":1800000000,\"exp\":1}", "{\"exp\":1800000000} {}", "{\"exp\":1800000000" })
    void shouldReadNoClaimsFromAPayloadThatIsNotExactlyOneObject(String payload) {
        assertThat(JwtClaims.of(json, jwt(payload))).isEmpty();
    }

    private static String jwt(String payload) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }
}
