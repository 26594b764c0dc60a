package io.embedded.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.audit.AuditLog;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.TestJwtIssuer;
import io.embedded.gateway.support.TestLogs;

/**
 * Runs after every other integration test (ordered last) and reads every log they produced, from the
 * {@code @QuarkusTest} JVM, from the packaged application and from every instance a test started itself
 * ({@link TestLogs}): no client secret, operator token, widget token, caller JWT (every one the tests minted), caller
 * credential or secret sent inside a source configuration may appear anywhere, every API request left exactly one
 * parseable audit line, and no event-loop thread may have been reported blocked. A test class that starts instances
 * itself and ran in this run must have left their logs.
 */
@Order(Integer.MAX_VALUE)
class LogHygieneIT {

    /** Any JWT: the operator token and the widget's inner token are both JWTs. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}");
    /** A widget token: base64 of {"token":... */
    private static final Pattern WIDGET_TOKEN = Pattern.compile("eyJ0b2tlbiI6");
    private static final Pattern BEARER_VALUE = Pattern.compile("Bearer\\s+[A-Za-z0-9._~+/=-]{8,}");

    /** A Standard Webhooks secret (the source-event tests draw their own), or a webhook signature. */
    private static final Pattern WEBHOOK_SECRET = Pattern.compile("whsec_[A-Za-z0-9+/=]{8,}");
    private static final Pattern WEBHOOK_SIGNATURE = Pattern.compile("v1,[A-Za-z0-9+/]{43}=");

    private static final Pattern IDENTITY_HASH = Pattern.compile("[A-Za-z0-9_-]{22}");
    /**
     * The client secrets of the instances tests start themselves (FleetIT, TraceExportIT, GracefulShutdownIT,
     * StartupValidationIT, PrometheusQueriesIT, SourceEventsFleetIT, EventLoopsIT, CreateSourceRetryTest) all contain
     * this, and FleetIT's key-hash key the other.
     */
    private static final List<String> STARTED_INSTANCE_SECRETS = List.of("secret-value", "fleet-key-hash-key");
    /** The test classes that start the packaged application themselves, each instance logging to {@link TestLogs}. */
    private static final List<String> STARTING_INSTANCES = List.of("io.embedded.gateway.StartupValidationIT",
            "io.embedded.gateway.state.FleetIT", "io.embedded.gateway.tracing.TraceExportIT",
            "io.embedded.gateway.http.GracefulShutdownIT", "io.embedded.gateway.monitoring.PrometheusQueriesIT",
            "io.embedded.gateway.events.SourceEventsFleetIT", "io.embedded.gateway.http.EventLoopsIT");
    /** One access-log line of an API request (quarkus.http.access-log.pattern): method and path in quotes. */
    private static final Pattern API_ACCESS = Pattern.compile("\"([A-Z]+) /api/[^\"]*\" \\d{3} ");
    private static final String ACCESS_LOGGER = "io.quarkus.http.access-log";

    @Test
    void shouldFindTheLogsOfEveryInstanceTheTestsStarted() throws IOException {
        Instant runStarted = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        List<String> ran = STARTING_INSTANCES.stream().filter(name -> ranInThisRun(name, runStarted)).toList();
        for (String testClass : ran) {
            List<Path> logs = TestLogs.of(testClass.substring(testClass.lastIndexOf('.') + 1));
            assertThat(logs).as("%s ran in this run and must leave its instances' logs in %s", testClass,
                    TestLogs.DIRECTORY).isNotEmpty();
            for (Path log : logs) {
                assertThat(Files.getLastModifiedTime(log).toInstant()).as("%s written in this run", log)
                        .isAfter(runStarted);
                assertThat(Files.size(log)).as("%s holds the instance's output", log).isPositive();
            }
        }
    }

    /** Failsafe writes a class's report when the class has finished: one newer than this JVM was run in this run. */
    private static boolean reportedInThisRun(String testClass, Instant runStarted) {
        Path report = report(testClass);
        try {
            return Files.exists(report) && Files.getLastModifiedTime(report).toInstant().isAfter(runStarted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path report(String testClass) {
        return Path.of("target", "failsafe-reports", "TEST-" + testClass + ".xml");
    }

    /** Reported in this run, and not skipped as a whole. */
    private static boolean ranInThisRun(String testClass, Instant runStarted) {
        if (!reportedInThisRun(testClass, runStarted)) {
            return false;
        }
        try {
            String head = Files.readString(report(testClass));
            Matcher tests = Pattern.compile("<testsuite [^>]*\\btests=\"(\\d+)\"").matcher(head);
            Matcher skipped = Pattern.compile("<testsuite [^>]*\\bskipped=\"(\\d+)\"").matcher(head);
            // A class skipped as a whole (no redis-server here, say) started nothing.
            return tests.find() && skipped.find() && Integer.parseInt(tests.group(1)) > Integer.parseInt(skipped.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldFindNoSecretOrTokenInAnyLog() throws IOException {
        List<Path> logs = logs();
        List<String> mintedJwts = mintedJwts();
        assertThat(logs).as("the suite must have produced logs to inspect").isNotEmpty();
        if (wholeSuiteRan()) {
            assertThat(mintedJwts).as("the identity tests minted JWTs to look for").isNotEmpty();
        }
        long lines = 0;
        List<String> leaks = new ArrayList<>();
        for (Path log : logs) {
            for (String line : Files.readAllLines(log)) {
                lines++;
                if (line.contains(AirbyteStandInResource.CLIENT_SECRET) || line.contains(AirbyteStandInResource.SOURCE_SECRET)
                        || JWT.matcher(line).find()
                        || WIDGET_TOKEN.matcher(line).find()
                        || WEBHOOK_SECRET.matcher(line).find() || WEBHOOK_SIGNATURE.matcher(line).find()
                        || BEARER_VALUE.matcher(line).find() || line.contains("caller-credential")
                        || line.contains("caller-cookie") || line.contains(AirbyteStandInResource.PROXY_SECRET)
                        || line.contains(AirbyteStandInResource.QUERY_USER_ID)
                        || STARTED_INSTANCE_SECRETS.stream().anyMatch(line::contains)
                        || mintedJwts.stream().anyMatch(line::contains)
                        // Vert.x's blocked-thread checker: nothing may block an event loop.
                        || line.contains("has been blocked for")) {
                    leaks.add(log.getFileName() + ": " + line);
                }
            }
        }
        if (wholeSuiteRan()) {
            assertThat(lines).as("lines inspected").isGreaterThan(50);
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void shouldCarryNoDuplicateGaugeWarning() throws IOException {
        // Some gauges are registered twice at every start (health/DuplicateGaugeWarnings): a WARN that is always there
        // teaches operators to ignore WARNs.
        List<String> warnings = new ArrayList<>();
        for (Path log : logs()) {
            for (String line : Files.readAllLines(log)) {
                if (line.contains("has been already registered")) {
                    warnings.add(log.getFileName() + ": " + line);
                }
            }
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void shouldWriteOneParseableAuditLinePerApiRequest() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> audits = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (Path log : logs()) {
            // Per log (one application start each): API requests the access log saw, and audit lines, by trace id where
            // the log has one (the packaged application's JSON lines do). Preflights (OPTIONS) are not audited.
            Map<String, Integer> requests = new HashMap<>();
            Map<String, Integer> audited = new HashMap<>();
            for (String line : Files.readAllLines(log)) {
                // The packaged app runs the prod profile, whose logs are JSON objects: the audit line is their message.
                JsonNode object = line.startsWith("{") ? json.readTree(line) : null;
                String message = object != null ? object.path("message").asText("") : line;
                String traceId = object != null ? object.path("mdc").path("traceId").asText("") : "";
                Matcher access = API_ACCESS.matcher(message);
                if ((object != null ? ACCESS_LOGGER.equals(object.path("loggerName").asText()) : line.contains(ACCESS_LOGGER))
                        && access.find() && !access.group(1).equals("OPTIONS")) {
                    requests.merge(traceId, 1, Integer::sum);
                }
                int start = message.indexOf(AuditLog.MARKER + "{");
                if (start >= 0) {
                    JsonNode audit = json.readTree(message.substring(start + AuditLog.MARKER.length()));
                    audits.add(audit);
                    audited.merge(traceId, 1, Integer::sum);
                }
            }
            if (!requests.equals(audited)) {
                unmatched.add(log.getFileName() + ": API requests by trace id " + requests + ", audit lines " + audited);
            }
        }
        assertThat(unmatched).as("logs whose API requests and audit lines differ").isEmpty();

        for (JsonNode audit : audits) {
            assertThat(audit.get("event").asText()).startsWith("/api/");
            assertThat(audit.get("status").asInt()).isBetween(200, 599);
            assertThat(audit.get("outcome").asText()).isIn("ok", "refused", "failed", "aborted");
            assertThat(audit.get("durationMs").asLong()).isNotNegative();
            assertThat(audit.has("upstreamMs") && audit.has("origin") && audit.has("workspaceId")).isTrue();
            if (audit.get("status").asInt() == 200) {
                assertThat(audit.get("identity").asText()).matches(IDENTITY_HASH);
                assertThat(audit.get("workspaceId").asText()).isNotBlank();
                assertThat(audit.get("traceId").asText()).matches("[0-9a-f]{32}");
                assertThat(audit.get("upstreamMs").asLong()).isNotNegative();
                assertThat(audit.get("originAllowed").asBoolean()).isTrue();
            }
        }
        if (wholeSuiteRan()) {
            // What the whole suite exercises; a run of a few classes (LogHygieneIT after FleetIT, say) checks the above.
            assertThat(audits).as("audit lines").hasSizeGreaterThan(50);
            assertThat(audits).extracting(audit -> audit.get("status").asInt()).contains(200, 400, 401, 403, 413, 414, 429,
                    431, 502, 503);
            assertThat(audits).extracting(audit -> audit.get("mode").asText()).contains("jwt", "header", "body");
        }
    }

    /** Whether every other integration test class ran in this run (then the whole suite's logs are there to read). */
    private static boolean wholeSuiteRan() throws IOException {
        Instant runStarted = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        Path classes = Path.of("target", "test-classes");
        try (Stream<Path> files = Files.walk(classes)) {
            return files.map(file -> classes.relativize(file).toString())
                    .filter(name -> name.endsWith("IT.class") && !name.contains("$"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .filter(name -> !name.equals(LogHygieneIT.class.getName()))
                    .allMatch(name -> reportedInThisRun(name, runStarted));
        }
    }

    private static List<String> mintedJwts() throws IOException {
        Path minted = Path.of(TestJwtIssuer.MINTED_LOG);
        return Files.exists(minted) ? Files.readAllLines(minted).stream().filter(line -> !line.isBlank()).toList()
                : List.of();
    }

    private static List<Path> logs() throws IOException {
        List<Path> logs = new ArrayList<>();
        Path testLogs = Path.of("target", "test-logs");
        if (Files.isDirectory(testLogs)) {
            try (Stream<Path> files = Files.list(testLogs)) {
                files.filter(Files::isRegularFile).forEach(logs::add);
            }
        }
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            files.filter(file -> file.getFileName().toString().endsWith(".log")).forEach(logs::add);
        }
        return logs;
    }
}
