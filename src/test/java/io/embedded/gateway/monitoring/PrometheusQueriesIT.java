package io.embedded.gateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.standin.StandInFault;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.GatewayProcess;
import io.embedded.gateway.support.PackagedApplication;
import io.embedded.gateway.support.PrometheusAvailable;

/**
 * Every query of the dashboard and every alert expression, run through a real Prometheus (Debian's) that scrapes the
 * packaged application (jar or native) after a short load with faults: each parses, and each returns data unless
 * {@link #EXPECTED_EMPTY} says why it cannot here. A metric or label renamed in the code fails this test instead of
 * blanking a panel or silencing an alert.
 */
@ExtendWith(PrometheusAvailable.class)
class PrometheusQueriesIT {

    static final String ORIGIN = "https://app.partner.example";
    static final String CLIENT_ID = "monitoring-client";
    static final String CLIENT_SECRET = "monitoring-secret-value-4d7e21";
    static final String JOB = "airbyte-embedded-gateway-management";
    static final String NAMESPACE = "airbyte-embedded";
    static final int PER_IDENTITY_LIMIT = 2;

    /** Queries (dashboard "panel / refId") and series selectors that have no data here, and why. */
    static final Map<String, String> EXPECTED_EMPTY = Map.of(
            "container_memory_working_set_bytes", "from the kubelet (cAdvisor), not the gateway",
            "kube_deployment_status_replicas_unavailable", "from kube-state-metrics, not the gateway",
            "gateway_state_store_script_errors_total", "appears with a first Redis script error; no Redis here");
    /** Absent from a native executable (docs/native.md, "Metrics that exist only on the JVM"). */
    static final Set<String> JVM_ONLY = Set.of("jvm_gc_pause_seconds_sum", "jvm_memory_usage_after_gc");

    /**
     * A series selector: a metric name (ours all hold an underscore; the label names the queries group by do not), with
     * or without label matchers, that is not a function call.
     */
    static final Pattern SELECTOR = Pattern.compile("\\b(up|[a-z][a-z0-9]*_[a-z0-9_:]*)(\\{[^}]*\\})?(?![a-z0-9_:]*\\s*\\()");
    static final ObjectMapper JSON = new ObjectMapper();

    static AirbyteStandIn standIn;
    static GatewayProcess gateway;
    static Process prometheus;
    static int prometheusPort;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void scrapeTheGatewayUnderLoad() throws Exception {
        standIn = AirbyteStandIn.start(0, CLIENT_ID, CLIENT_SECRET);
        gateway = GatewayProcess.start(PrometheusQueriesIT.class,
                Map.of("GATEWAY_ALLOWED_ORIGINS", ORIGIN, "GATEWAY_IDENTITY_MODE",
                        "body", "GATEWAY_RATE_LIMIT_PER_IDENTITY_LIMIT", Integer.toString(PER_IDENTITY_LIMIT),
                        "AIRBYTE_API_URL",
                        standIn.baseUrl(), "AIRBYTE_CLIENT_ID", CLIENT_ID, "AIRBYTE_CLIENT_SECRET", CLIENT_SECRET));
        gateway.awaitReady();
        load();
        prometheus = startPrometheus();
        // Three scrapes at 1 s: enough samples for rate() and increase() over the queries' window.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> query("count_over_time(up{job=\"" + JOB + "\"}[1m]) >= 3 and up{job=\"" + JOB + "\"} == 1")
                        .path("result").size() == 1);
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.destroy();
        }
        if (gateway != null) {
            gateway.stop();
        }
        if (standIn != null) {
            standIn.close();
        }
    }

    /** Successes, a refused origin, a rate-limit refusal, Airbyte 5xx and 429: every figure the queries read. */
    static void load() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(mint(ORIGIN, "monitoring-user-" + i)).isEqualTo(200);
        }
        assertThat(mint("https://evil.example", "monitoring-user-0")).isEqualTo(403);
        for (int i = 0; i < PER_IDENTITY_LIMIT; i++) {
            assertThat(mint(ORIGIN, "limited-user")).isEqualTo(200);
        }
        assertThat(mint(ORIGIN, "limited-user")).isEqualTo(429);
        var failing = standIn.inject(StandInFault.post(AirbyteStandIn.WIDGET_TOKEN_PATH).status(500));
        assertThat(mint(ORIGIN, "upstream-5xx")).isEqualTo(502);
        standIn.remove(failing);
        // Longer than airbyte.resilience.max-retry-after: answered 503 at once, not waited out.
        var limited = standIn.inject(StandInFault.post(AirbyteStandIn.WIDGET_TOKEN_PATH).status(429)
                .header("Retry-After", "60"));
        assertThat(mint(ORIGIN, "upstream-429")).isEqualTo(503);
        standIn.remove(limited);
    }

    @Test
    void shouldAnswerEveryDashboardQuery() throws Exception {
        List<String> failures = new ArrayList<>();
        List<String[]> queries = MonitoringFiles.dashboardQueries();
        assertThat(queries).hasSizeGreaterThan(15);
        for (String[] named : queries) {
            String expr = named[1].replace("$namespace", NAMESPACE).replace("$__rate_interval", "1m");
            check(named[0], expr, failures);
        }
        assertThat(failures).as("dashboard queries").isEmpty();
    }

    @Test
    void shouldAnswerEveryAlertExpressionAndFindEverySeriesItReads() throws Exception {
        List<String> failures = new ArrayList<>();
        for (JsonNode alert : MonitoringFiles.alerts()) {
            String name = alert.path("alert").asText();
            String expr = alert.path("expr").asText();
            JsonNode answer = query(expr); // parses and evaluates; thresholds leave it empty while nothing is wrong
            assertThat(answer.path("resultType").asText()).as("%s evaluates", name).isEqualTo("vector");
            Set<String> selectors = new LinkedHashSet<>();
            for (Matcher m = SELECTOR.matcher(expr); m.find();) {
                selectors.add(m.group());
            }
            assertThat(selectors).as("%s reads series", name).isNotEmpty();
            for (String selector : selectors) {
                check(name + " " + selector, selector, failures);
            }
        }
        assertThat(failures).as("alert expressions").isEmpty();
    }

    /** Records a failure when {@code expr} does not parse, or has no data though nothing in the lists excuses it. */
    private static void check(String where, String expr, List<String> failures) throws Exception {
        JsonNode data;
        try {
            data = query(expr);
        } catch (AssertionError e) {
            failures.add(where + ": " + e.getMessage());
            return;
        }
        Matcher m = SELECTOR.matcher(expr.replaceAll("\\{[^}]*\\}", "{}").replaceAll("\\{\\}", ""));
        Set<String> metrics = new LinkedHashSet<>();
        while (m.find()) {
            metrics.add(m.group(1));
        }
        boolean excused = metrics.stream().anyMatch(EXPECTED_EMPTY::containsKey)
                || PackagedApplication.isNative() && metrics.stream().anyMatch(JVM_ONLY::contains);
        boolean empty = data.path("result").isEmpty();
        if (empty && !excused) {
            failures.add(where + ": no data for " + expr);
        }
        if (!empty && metrics.stream().anyMatch(EXPECTED_EMPTY::containsKey)) {
            failures.add(where + ": listed as expected empty but answers; update EXPECTED_EMPTY");
        }
    }

    /** The {@code data} of Prometheus's answer to an instant query; fails unless the query parsed and evaluated. */
    static JsonNode query(String expr) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
                + URLEncoder.encode(expr, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError(body.path("error").asText(response.body()));
        }
        return body.path("data");
    }

    private static int mint(String origin, String user) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(gateway.api("/api/airbyte/widget-token"))
                .header("Content-Type", "application/json").header("Origin", origin)
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"" + user + "\"}")).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Debian's prometheus, scraping the management port every second with the labels a ServiceMonitor gives. */
    private static Process startPrometheus() throws IOException {
        Path dir = Files.createTempDirectory("prometheus-it");
        prometheusPort = AirbyteStandInResource.freePort();
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: %s
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                        labels: { namespace: %s, pod: airbyte-embedded-gateway-0 }
                """.formatted(JOB, gateway.management(), NAMESPACE));
        return new ProcessBuilder("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }
}
