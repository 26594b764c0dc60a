package io.embedded.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.standin.StandInRequest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The partner's view, in a real browser against the packaged application: {@code e2e/browser-e2e.mjs} drives Debian's
 * Chromium (through playwright-core) and reports what the pages saw; this class asserts on that report and on what
 * the Airbyte stand-in received. Screenshots land in {@code target/e2e/}.
 */
@QuarkusIntegrationTest
@WithTestResource(BrowserE2eResource.class)
@ExtendWith(ChromiumAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserE2eIT {

    private static final Path E2E = Path.of("e2e").toAbsolutePath();
    private static final Path OUT = Path.of("target", "e2e").toAbsolutePath();
    private static final String USER_ID = "e2e-user";
    private static final Duration NODE_TIMEOUT = Duration.ofMinutes(3);

    E2eEnvironment environment;

    @TestHTTPResource("/")
    URL gateway;

    private JsonNode report;

    /** Runs the browser once, for the first test that needs its report: injection is done by then. */
    private JsonNode report() throws IOException, InterruptedException {
        if (report == null) {
            report = runTheBrowser();
        }
        return report;
    }

    private JsonNode runTheBrowser() throws IOException, InterruptedException {
        assertThat(E2E.resolve("node_modules/playwright-core"))
                .as("playwright-core is installed by `npm ci` in e2e/ (the build does it before the tests)")
                .isDirectory();
        Files.createDirectories(OUT);
        Files.deleteIfExists(OUT.resolve("result.json"));
        Path log = OUT.resolve("node.log");
        // The browser reaches the gateway as 127.0.0.1 so that Swagger UI is same-origin with what it calls.
        var process = new ProcessBuilder("node", "browser-e2e.mjs").directory(E2E.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        process.environment().putAll(java.util.Map.of(
                "GATEWAY_URL", "http://127.0.0.1:" + gateway.getPort(),
                "LOADER_URL", environment.loaderUrl(),
                "PARTNER_PORT", String.valueOf(environment.partnerPort()),
                "OTHER_PORT", String.valueOf(environment.otherPort()),
                "USER_ID", USER_ID,
                "OUT_DIR", OUT.toString(),
                "CHROMIUM", ChromiumAvailable.chromium().toString()));
        long started = System.nanoTime();
        Process node = process.start();
        boolean finished = node.waitFor(NODE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            node.destroyForcibly();
        }
        System.out.printf("Browser e2e: node ran %d ms; log %s%n", (System.nanoTime() - started) / 1_000_000, log);
        assertThat(finished).as("the browser run finished within %s; see %s", NODE_TIMEOUT, log).isTrue();
        assertThat(node.exitValue()).as("exit code of the browser run:%n%s", Files.readString(log)).isZero();
        return new ObjectMapper().readTree(OUT.resolve("result.json").toFile());
    }

    @Test
    void partnerOnTheAllowedOriginConnectsASourceThroughTheWidget() throws Exception {
        JsonNode allowed = report().path("allowedOrigin");
        assertThat(allowed.path("failure").isMissingNode()).as("browser failure: %s", allowed.path("failure")).isTrue();
        assertThat(allowed.path("error").isNull()).as("page error: %s", allowed.path("error")).isTrue();
        assertThat(allowed.path("pageOrigin").asText()).isEqualTo(environment.partnerOrigin());
        // Airbyte binds the widget to this origin; the page only heard back from the iframe because it matched.
        assertThat(allowed.path("widgetUrlAllowedOrigin").asText()).isEqualTo(environment.partnerOrigin());
        assertThat(allowed.path("workspaceId").asText()).isEqualTo(environment.standIn().workspaceId(USER_ID));

        JsonNode created = first(allowed.path("events"), "source_created");
        assertThat(created).as("source_created among %s", allowed.path("events")).isNotNull();
        assertThat(created.path("type").asText()).isEqualTo("end_user_action_result");
        assertThat(created.path("sourceTemplate").asText()).isEqualTo("GitHub");
        assertThat(created.path("sourceName").asText()).isEqualTo("GitHub - " + created.path("sourceId").asText());
        assertThat(created.path("credentials").asText()).isEqualTo("**********");
        assertThat(allowed.path("dialogClosed").asBoolean()).as("CLOSE_DIALOG closed the widget").isTrue();

        // The iframe presented the scoped token it was handed, for the caller's workspace, once to check it and once to
        // create the source.
        String workspaceBody = "\"workspaceId\":\"" + environment.standIn().workspaceId(USER_ID) + "\"";
        assertThat(posts("/embedded-widget/verify")).singleElement()
                .satisfies(request -> assertThat(request.body()).contains(workspaceBody));
        assertThat(posts("/embedded-widget/sources")).singleElement()
                .satisfies(request -> assertThat(request.body()).contains(workspaceBody));
        assertScreenshots(allowed, "partner-source-created.png", "partner-widget-closed.png");
    }

    @Test
    void partnerOnAnotherOriginGetsNoToken() throws Exception {
        JsonNode other = report().path("otherOrigin");
        assertThat(other.path("failure").isMissingNode()).as("browser failure: %s", other.path("failure")).isTrue();
        assertThat(other.path("pageOrigin").asText()).isEqualTo("http://127.0.0.1:" + environment.otherPort());
        // What a CORS rejection looks like from inside the page: fetch rejects and no response is readable.
        assertThat(other.path("gotToken").asBoolean()).isFalse();
        assertThat(other.path("error").asText()).startsWith("TypeError");
        assertThat(other.path("dialogs").asInt()).isZero();
        assertThat(other.path("corsError").asText()).as("Chromium's console on that page")
                .contains("from origin '" + other.path("pageOrigin").asText() + "' has been blocked by CORS policy");
        // Why: the gateway's preflight answer grants this origin nothing.
        assertThat(other.path("preflight").path("allowOrigin").isNull()).isTrue();
        assertThat(other.path("preflight").path("status").asInt()).isEqualTo(403);
        assertScreenshots(other, "other-origin-rejected.png");
    }

    @Test
    void swaggerUiTryItOutMintsAToken() throws Exception {
        JsonNode swagger = report().path("swaggerUi");
        assertThat(swagger.path("failure").isMissingNode()).as("browser failure: %s", swagger.path("failure")).isTrue();
        assertThat(swagger.path("status").asInt()).isEqualTo(200);
        assertThat(swagger.path("responseFields")).extracting(JsonNode::asText)
                .containsExactly("expiresAt", "token", "widgetUrl", "workspaceId");
        // Swagger UI is same-origin with the gateway, which treats it like a caller without Origin: default origin.
        assertThat(swagger.path("widgetUrlAllowedOrigin").asText()).isEqualTo(environment.partnerOrigin());
        assertScreenshots(swagger, "swagger-ui-try-it-out.png");
    }

    @Test
    void onlyTheAllowedOriginAndSwaggerUiObtainedWidgetTokens() throws Exception {
        report();
        // One mint for the partner page, one for Swagger UI, none for the other origin: the gateway never asked.
        assertThat(environment.standIn().widgetTokenCalls()).isEqualTo(2);
    }

    private List<StandInRequest> posts(String path) {
        return environment.standIn().requests().stream()
                .filter(request -> "POST".equals(request.method()) && path.equals(request.url())).toList();
    }

    private static JsonNode first(JsonNode events, String message) {
        for (JsonNode event : events) {
            if (message.equals(event.path("message").asText())) {
                return event;
            }
        }
        return null;
    }

    private static void assertScreenshots(JsonNode scenario, String... names) {
        for (String name : names) {
            assertThat(OUT.resolve(name)).isNotEmptyFile();
            assertThat(scenario.path("screenshots")).extracting(JsonNode::asText).contains(OUT.resolve(name).toString());
        }
    }
}
