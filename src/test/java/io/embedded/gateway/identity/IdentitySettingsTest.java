package io.embedded.gateway.identity;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.runtime.configuration.ConfigurationException;

/** Startup checks of the identity settings, without Quarkus. */
class IdentitySettingsTest {

    @ParameterizedTest
    @ValueSource(strings = { "https://idp.partner.example/.well-known/jwks.json", "https://127.0.0.1/jwks",
            "http://127.0.0.1:8180/jwks", "http://127.9.8.7/jwks", "http://localhost:8180/jwks", "http://LOCALHOST/jwks",
            "http://[::1]:8180/jwks", "http://[0:0:0:0:0:0:0:1]/jwks" })
    void shouldAcceptHttpsOrLoopbackJwksUrls(String url) {
        assertThatCode(() -> IdentitySettings.check(withJwksUrl(url))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://idp.partner.example/jwks", "http://10.0.0.7/jwks", "http://128.0.0.1/jwks",
            "http://localhost.partner.example/jwks", "http://127.0.0.1.nip.io/jwks", "http://[::2]/jwks",
            "http://0x7f000001/jwks", "http://2130706433/jwks", "ftp://idp.partner.example/jwks", "file:///etc/jwks.json" })
    void shouldRefuseJwksUrlsThatAreNeitherHttpsNorLoopback(String url) {
        assertThatThrownBy(() -> IdentitySettings.check(withJwksUrl(url))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("gateway.identity.jwt.jwks-url");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0s", "59s", "366d", "-1h" })
    void shouldRefuseAMaximumTokenLifetimeOutOfRange(String lifetime) {
        TestIdentityConfig config = TestIdentityConfig.jwtMode();
        TestIdentityConfig.Jwt jwt = ((TestIdentityConfig.Jwt) config.jwt()).withMaxTokenLifetime(duration(lifetime));

        assertThatThrownBy(() -> IdentitySettings.check(config.withJwt(jwt))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("gateway.identity.jwt.max-token-lifetime");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0s", "59s" })
    void shouldRefuseAJwksMaximumAgeUnderOneMinute(String maxAge) {
        // A shorter age would have every pod refetch the JWKS all the time.
        TestIdentityConfig config = TestIdentityConfig.jwtMode();
        TestIdentityConfig.Jwt jwt = ((TestIdentityConfig.Jwt) config.jwt()).withJwksMaxAge(duration(maxAge));

        assertThatThrownBy(() -> IdentitySettings.check(config.withJwt(jwt))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("gateway.identity.jwt.jwks-max-age");
    }

    private static Duration duration(String text) {
        return Duration.parse(text.endsWith("d") ? "P" + text.toUpperCase() : "PT" + text.toUpperCase());
    }

    private static TestIdentityConfig withJwksUrl(String url) {
        TestIdentityConfig config = TestIdentityConfig.jwtMode();
        return config.withJwt(((TestIdentityConfig.Jwt) config.jwt()).withJwksUrl(url));
    }
}
