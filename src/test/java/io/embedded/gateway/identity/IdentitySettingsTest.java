package io.embedded.gateway.identity;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.embedded.gateway.identity.TestIdentityConfig.Jwt;
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

    /** One setting of jwt mode changed from the defaults, and the property the refusal must name (null: accepted). */
    static Stream<Arguments> jwtSettings() {
        Jwt d = Jwt.defaults();
        return Stream.of(
                arguments("blank issuer", jwt(d.withIssuer(Optional.of(" "))), "gateway.identity.jwt.issuer"),
                arguments("no issuer", jwt(d.withIssuer(Optional.empty())), "gateway.identity.jwt.issuer"),
                arguments("empty audience", jwt(d.withAudience(Optional.of(List.of()))), "gateway.identity.jwt.audience"),
                arguments("no audience", jwt(d.withAudience(Optional.empty())), "gateway.identity.jwt.audience"),
                arguments("neither JWKS URL nor key", jwt(d.withoutJwksUrl()), "gateway.identity.jwt.jwks-url"),
                arguments("a public key that is none", jwt(d.withoutJwksUrl().withPublicKey("bm90LWEta2V5")),
                        "gateway.identity.jwt.public-key"),
                arguments("zero JWKS timeout", jwt(d.withJwksTimeout(Duration.ZERO)), "gateway.identity.jwt.jwks-timeout"),
                arguments("negative JWKS timeout", jwt(d.withJwksTimeout(Duration.ofMillis(-1))),
                        "gateway.identity.jwt.jwks-timeout"),
                arguments("61 s JWKS timeout", jwt(d.withJwksTimeout(Duration.ofSeconds(61))),
                        "gateway.identity.jwt.jwks-timeout"),
                arguments("1 ms JWKS timeout", jwt(d.withJwksTimeout(Duration.ofMillis(1))), null),
                arguments("60 s JWKS timeout", jwt(d.withJwksTimeout(Duration.ofSeconds(60))), null),
                arguments("1 min JWKS age", jwt(d.withJwksMaxAge(Duration.ofMinutes(1))), null),
                arguments("1 min token lifetime", jwt(d.withMaxTokenLifetime(Duration.ofMinutes(1))), null),
                arguments("365 d token lifetime", jwt(d.withMaxTokenLifetime(Duration.ofDays(365))), null),
                arguments("blank user claim", jwt(d.withUserClaim(" ")), "gateway.identity.jwt.user-claim"),
                arguments("negative clock skew", jwt(d.withClockSkew(Duration.ofSeconds(-1))),
                        "gateway.identity.jwt.clock-skew"),
                arguments("301 s clock skew", jwt(d.withClockSkew(Duration.ofSeconds(301))),
                        "gateway.identity.jwt.clock-skew"),
                arguments("no clock skew", jwt(d.withClockSkew(Duration.ZERO)), null),
                arguments("5 min clock skew", jwt(d.withClockSkew(Duration.ofMinutes(5))), null),
                arguments("{tenant} without a tenant claim", TestIdentityConfig.jwtMode().withTemplate("{tenant}-{user}"),
                        "gateway.identity.jwt.tenant-claim"),
                arguments("{tenant} with a tenant claim",
                        jwt(d.withTenantClaim(Optional.of("org"))).withTemplate("{tenant}-{user}"), null),
                arguments("header mode without a secret", header(Optional.empty(), Optional.empty(), "{user}"),
                        "gateway.identity.header.secret"),
                arguments("header mode, secret one short", header(Optional.of("s".repeat(31)), Optional.empty(), "{user}"),
                        "gateway.identity.header.secret"),
                arguments("header mode, 32-character secret", header(Optional.of("s".repeat(32)), Optional.empty(), "{user}"),
                        null),
                arguments("header mode, {tenant} without a tenant header",
                        header(Optional.of("s".repeat(32)), Optional.empty(), "{tenant}-{user}"),
                        "gateway.identity.header.tenant-header"),
                arguments("header mode, {tenant} with a tenant header",
                        header(Optional.of("s".repeat(32)), Optional.of("X-Tenant"), "{tenant}-{user}"), null),
                arguments("body mode with {tenant}",
                        new TestIdentityConfig(IdentityMode.BODY, "{tenant}-{user}", d, null),
                        "gateway.identity.workspace-template"),
                arguments("body mode", new TestIdentityConfig(IdentityMode.BODY, "{user}", d, null), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jwtSettings")
    void shouldRefuseEachInvalidSettingNamingItsProperty(String setting, TestIdentityConfig config, String property) {
        if (property == null) {
            assertThatCode(() -> IdentitySettings.check(config)).as(setting).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> IdentitySettings.check(config)).as(setting)
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining(property);
        }
    }

    private static TestIdentityConfig jwt(Jwt jwt) {
        return TestIdentityConfig.jwtMode().withJwt(jwt);
    }

    private static TestIdentityConfig header(Optional<String> secret, Optional<String> tenantHeader, String template) {
        IdentityConfig.Header header = new IdentityConfig.Header() {
            @Override
            public String userHeader() {
                return "X-Authenticated-User";
            }

            @Override
            public Optional<String> tenantHeader() {
                return tenantHeader;
            }

            @Override
            public String secretHeader() {
                return "X-Gateway-Secret";
            }

            @Override
            public Optional<String> secret() {
                return secret;
            }
        };
        return new TestIdentityConfig(IdentityMode.HEADER, template, Jwt.defaults(), header);
    }

    private static Duration duration(String text) {
        return Duration.parse(text.endsWith("d") ? "P" + text.toUpperCase() : "PT" + text.toUpperCase());
    }

    private static TestIdentityConfig withJwksUrl(String url) {
        TestIdentityConfig config = TestIdentityConfig.jwtMode();
        return config.withJwt(((TestIdentityConfig.Jwt) config.jwt()).withJwksUrl(url));
    }
}
