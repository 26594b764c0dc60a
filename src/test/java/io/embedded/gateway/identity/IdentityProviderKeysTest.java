package io.embedded.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.ConfigurationException;

/** The pure parts of key handling: backoff, what counts as a usable JWKS, and reading a configured public key. */
class IdentityProviderKeysTest {

    static final String RSA_KEY = "{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"n\":\"sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw\",\"e\":\"AQAB\"}";

    @Test
    void shouldBackOffExponentiallyUpToTenSeconds() {
        assertThat(IdentityProviderKeys.backoff(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(IdentityProviderKeys.backoff(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(IdentityProviderKeys.backoff(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(IdentityProviderKeys.backoff(6)).isEqualTo(Duration.ofSeconds(10));
        assertThat(IdentityProviderKeys.backoff(1_000)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldRefuseAnInvalidConfigurationBeforeFetchingAnything() {
        // Startup observers run in no set order: this one must not fetch from a URL the startup check refuses.
        TestIdentityConfig config = TestIdentityConfig.jwtMode();
        TestIdentityConfig.Jwt jwt = ((TestIdentityConfig.Jwt) config.jwt()).withJwksUrl("http://idp.partner.example/jwks");
        IdentityProviderKeys keys = new IdentityProviderKeys(config.withJwt(jwt), Clock.systemUTC(), null,
                new SimpleMeterRegistry());

        assertThatThrownBy(() -> keys.loadAtStartup(null)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("gateway.identity.jwt.jwks-url");
    }

    @Test
    void shouldKeepOnlyRsaAndEcSigningKeys() {
        String encryption = RSA_KEY.replace("\"k1\"", "\"enc\"").replace("\"sig\"", "\"enc\"");
        String symmetric = "{\"kty\":\"oct\",\"kid\":\"hmac\",\"k\":\"c2VjcmV0\"}";

        var keys = JwksDownload.parse("{\"keys\":[" + RSA_KEY + "," + encryption + "," + symmetric + "]}",
                Instant.EPOCH);

        assertThat(keys.keys()).extracting(key -> key.getKeyId()).containsExactly("k1");
        assertThat(keys.has("k1")).isTrue();
        assertThat(keys.has("hmac")).as("a symmetric key would let anyone who read the JWKS sign tokens").isFalse();
    }

    @Test
    void shouldRefuseAnswersThatAreNotAJwksWithSigningKeys() {
        for (String answer : new String[] { "<html>login</html>", "{\"keys\":[]}", "{\"keys\":\"none\"}", "[]" }) {
            assertThatThrownBy(() -> JwksDownload.parse(answer, Instant.EPOCH)).as(answer)
                    .isInstanceOf(JwksDownload.JwksFetchFailure.class)
                    .hasMessageNotContaining("login");
        }
    }

    @Test
    void shouldReadConfiguredRsaAndEcKeysAsPemOrBase64() throws Exception {
        for (String algorithm : new String[] { "RSA", "EC" }) {
            byte[] der = KeyPairGenerator.getInstance(algorithm).generateKeyPair().getPublic().getEncoded();
            String base64 = Base64.getEncoder().encodeToString(der);
            String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                    + "\n-----END PUBLIC KEY-----\n";

            assertThat(BearerTokenVerifier.publicKey(base64).getAlgorithm()).isEqualTo(algorithm);
            assertThat(BearerTokenVerifier.publicKey(pem).getAlgorithm()).isEqualTo(algorithm);
        }
        assertThatThrownBy(() -> BearerTokenVerifier.publicKey("not a key")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("gateway.identity.jwt.public-key");
    }
}
