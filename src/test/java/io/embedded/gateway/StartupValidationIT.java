package io.embedded.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.embedded.gateway.support.PackagedApplication;
import io.embedded.gateway.support.TestLogs;

/**
 * The packaged application (jar or native executable) refuses to start with bad configuration, and says which property
 * is wrong: one launch per check that can refuse, since the forms each check refuses are its unit test's.
 */
// Each case is its own process on ports of its own, so three run at once: their starts overlap their waits.
@Execution(ExecutionMode.CONCURRENT)
class StartupValidationIT {

    /** What Quarkus logs once the application has started: an application that says it is refused nothing. */
    static final String STARTED = "started in";
    static final Duration DEADLINE = Duration.ofSeconds(60);
    /** The client secret every case is given; never in any output (and LogHygieneIT looks for it too). */
    static final String SECRET = "startup-secret-value";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // The configuration mapping reports every problem it finds in one refusal, so one launch refuses several
            // settings and must name each; bad origins are named one by one, with what is wrong with each.
            "GATEWAY_ALLOWED_ORIGINS=https://app.partner.com/,https://*.partner.com,https://app.partner.com/path;"
                    + "AIRBYTE_CLIENT_ID=;GATEWAY_IDENTITY_MODE=bogus"
                    + "|gateway.allowed-origins[0] must not end with a slash;gateway.allowed-origins[1] must not contain a wildcard;"
                    + "gateway.allowed-origins[2] must be scheme://host[:port];airbyte.client-id;gateway.identity.mode",
            "GATEWAY_ALLOWED_ORIGINS=;AIRBYTE_CLIENT_SECRET=;GATEWAY_STATE_STORE=bogus"
                    + "|gateway.allowed-origins;airbyte.client-secret;gateway.state.store",
            // Every other check refuses on its own, so each gets one launch; its variants are unit tests
            // (OriginsTest, IdentitySettingsTest, WorkspaceNameTemplateTest, StoreKeysTest, WebhookSignerTest).
            "GATEWAY_DEFAULT_ORIGIN=https://other.partner.com|gateway.default-origin",
            // Without a mode the gateway verifies bearer tokens, so it needs an issuer: never body mode by default.
            "GATEWAY_IDENTITY_MODE=|gateway.identity.jwt.issuer",
            "GATEWAY_IDENTITY_WORKSPACE_TEMPLATE=acme|gateway.identity.workspace-template",
            "GATEWAY_STATE_STORE=redis|quarkus.redis.hosts",
            "GATEWAY_STATE_STORE=redis;QUARKUS_REDIS_HOSTS=redis://127.0.0.1:9|gateway.state.redis.key-hash-key" })
    void shouldRefuseToStartNamingTheProperties(String setting, String properties) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("GATEWAY_ALLOWED_ORIGINS", "https://app.partner.com",
                "AIRBYTE_CLIENT_ID", "id",
                "AIRBYTE_CLIENT_SECRET", SECRET, "QUARKUS_HTTP_PORT", "0", "QUARKUS_MANAGEMENT_PORT", "0",
                "GATEWAY_IDENTITY_MODE", "body"));
        for (String assignment : setting.split(";")) {
            String[] keyValue = assignment.split("=", 2);
            if (keyValue[1].isEmpty()) {
                env.remove(keyValue[0]);
            } else {
                env.put(keyValue[0], keyValue[1]);
            }
        }

        Result result = run(env);

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains(properties.split(";"));
        assertThat(result.output()).doesNotContain(SECRET);
    }

    /** A webhook secret that is too short (18 bytes); its base64 must never appear in the output. */
    static final String SHORT_WEBHOOK_SECRET = "whsec_c2hvcnQtc2VjcmV0LXZhbHVl";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // The secret's other forms (missing, unprefixed, not base64) are WebhookSignerTest's.
            "https://partner.example/webhooks|" + SHORT_WEBHOOK_SECRET,
            "ftp://partner.example/webhooks|whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" })
    void shouldRefuseEventsWithoutAUsableSecretOrUrlNeverQuotingTheSecret(String url, String secret) throws Exception {
        Map<String, String> env = Map.of("GATEWAY_ALLOWED_ORIGINS", "https://app.partner.com",
                "AIRBYTE_CLIENT_ID", "id", "AIRBYTE_CLIENT_SECRET", "startup-secret-value", "QUARKUS_HTTP_PORT", "0",
                "QUARKUS_MANAGEMENT_PORT", "0", "GATEWAY_IDENTITY_MODE", "body", "GATEWAY_EVENTS_WEBHOOK_URL", url,
                "GATEWAY_EVENTS_WEBHOOK_SECRET", secret);

        Result result = run(env);

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains(url.startsWith("ftp") ? "gateway.events.webhook-url"
                : "gateway.events.webhook-secret").doesNotContain("c2hvcnQtc2VjcmV0LXZhbHVl")
                .doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").doesNotContain("startup-secret-value");
    }

    @Test
    void shouldRefuseFrontendSettingsForAnOriginThatIsNotAllowed() throws Exception {
        Map<String, String> env = Map.of("GATEWAY_ALLOWED_ORIGINS", "https://app.partner.com", "AIRBYTE_CLIENT_ID", "id",
                "AIRBYTE_CLIENT_SECRET", SECRET, "QUARKUS_HTTP_PORT", "0", "QUARKUS_MANAGEMENT_PORT", "0",
                "GATEWAY_IDENTITY_MODE", "body");

        // A quoted map key is awkward as an environment variable; a system property carries it verbatim.
        Result result = run(env, "-Dgateway.frontends.\"https://other.partner.com\".source-template-tags=crm");

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("gateway.frontends").contains("https://other.partner.com")
                .doesNotContain(SECRET);
    }

    @Test
    void shouldRefuseAJwksUrlInClearText() throws Exception {
        Map<String, String> env = Map.of("GATEWAY_ALLOWED_ORIGINS", "https://app.partner.com", "AIRBYTE_CLIENT_ID", "id",
                "AIRBYTE_CLIENT_SECRET", SECRET, "QUARKUS_HTTP_PORT", "0", "QUARKUS_MANAGEMENT_PORT", "0",
                "GATEWAY_IDENTITY_MODE", "jwt", "GATEWAY_IDENTITY_JWT_ISSUER", "https://idp.partner.example/",
                "GATEWAY_IDENTITY_JWT_AUDIENCE", "airbyte-embedded-gateway",
                "GATEWAY_IDENTITY_JWT_JWKS_URL", "http://idp.partner.example/jwks");

        Result result = run(env);

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("gateway.identity.jwt.jwks-url").doesNotContain(SECRET);
    }

    /**
     * Starts the packaged application and waits until it exits. Its output goes to a file (read by {@code LogHygieneIT}
     * too), never to a pipe this thread would have to drain, so an application that starts instead of refusing fails
     * the case at once: it is destroyed as soon as it says it started, or at the deadline, whichever comes first.
     */
    private static Result run(Map<String, String> env, String... options) throws IOException, InterruptedException {
        // The jar or, after ./mvnw verify -Dnative, the native executable: startup validation is checked in the product.
        Path log = TestLogs.next(StartupValidationIT.class);
        ProcessBuilder builder = new ProcessBuilder(PackagedApplication.command(options)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("GATEWAY_") || key.startsWith("AIRBYTE_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            // A refusal exits within seconds; the deadline only bounds a regression whose start line never comes.
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                    .until(() -> !process.isAlive() || Files.readString(log).contains(STARTED));
            String output = Files.readString(log);
            assertThat(output).as("started instead of refusing the configuration (%s)", log).doesNotContain(STARTED);
            return new Result(process.waitFor(), output);
        } catch (ConditionTimeoutException timeout) {
            throw new AssertionError("Neither exited nor started within " + DEADLINE + "; output in " + log, timeout);
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private record Result(int exitCode, String output) {
    }
}
