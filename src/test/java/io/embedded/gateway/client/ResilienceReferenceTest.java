package io.embedded.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.junit.jupiter.api.Test;

import io.smallrye.config.WithDefault;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.RetryWhen;

/**
 * docs/resilience.md cannot drift from the fault-tolerance declarations: its tables, between their markers, are rendered
 * here from {@link AirbyteApiClient}'s annotations, {@link RetryAfterBackoff} and application.properties, and must equal
 * the committed file. Run with {@code -Ddocs.update=true} to rewrite them.
 */
class ResilienceReferenceTest {

    static final Path REFERENCE = Path.of("docs", "resilience.md");
    static final Path PROPERTIES = Path.of("src", "main", "resources", "application.properties");
    static final String COMMON_START = "<!-- generated: policy of every operation (ResilienceReferenceTest) -->";
    static final String OPERATIONS_START = "<!-- generated: each operation (ResilienceReferenceTest) -->";
    static final String CACHES_START = "<!-- generated: caches (ResilienceReferenceTest) -->";
    static final String END = "<!-- end of generated table -->";
    static final String CLASS_KEY = "`quarkus.fault-tolerance.\"io.embedded.gateway.client.AirbyteApiClient\"";
    /** The guarded operations, in the client's order (reflection gives methods in no particular order). */
    static final List<String> OPERATIONS = List.of("issueOperatorToken", "createWidgetToken", "createScopedToken",
            "listSourceTemplates", "getSourceTemplate", "createSource", "listSources");
    /** What each retry predicate retries, in the words a reader needs; a new predicate must be described here. */
    static final Map<Class<?>, String> RETRIED_ON = Map.of(IsTransient.class,
            "transient failures: 502, 503, 504, 429 and dropped connections", NeverConnected.class,
            "**only a refused connection** (never after a 5xx, 429, reset or timeout: it may have created the source)");

    @Test
    void shouldMatchTheCommittedReference() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(PROPERTIES, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        String committed = Files.readString(REFERENCE, StandardCharsets.UTF_8);
        String rendered = replace(replace(replace(committed, COMMON_START, commonTable(properties)), OPERATIONS_START,
                operationsTable()), CACHES_START, cachesTable(properties));
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(REFERENCE, rendered, StandardCharsets.UTF_8);
        }
        assertThat(committed).as("docs/resilience.md is out of date: run ./mvnw test -Dtest=ResilienceReferenceTest"
                + " -Ddocs.update=true and commit the result").isEqualTo(rendered);
    }

    private static String commonTable(Properties properties) {
        Class<AirbyteApiClient> client = AirbyteApiClient.class;
        Timeout timeout = client.getAnnotation(Timeout.class);
        Retry retry = client.getAnnotation(Retry.class);
        CircuitBreaker breaker = client.getAnnotation(CircuitBreaker.class);
        String breakerDelay = properties.getProperty("airbyte.resilience.circuit-breaker-delay-millis",
                resilienceDefault("circuitBreakerDelayMillis"));
        String maxRetryAfter = properties.getProperty("airbyte.resilience.max-retry-after",
                resilienceDefault("maxRetryAfter"));
        return "| policy | value | override |\n|---|---|---|\n"
                + row("socket timeouts",
                        "connect " + millis(properties.getProperty("quarkus.rest-client.airbyte-api.connect-timeout"))
                                + ", read " + millis(properties.getProperty("quarkus.rest-client.airbyte-api.read-timeout")),
                        "`quarkus.rest-client.airbyte-api.connect-timeout` / `read-timeout` (ms)")
                + row("overall deadline", millis(timeout.value()), CLASS_KEY + ".timeout.value` (ms)")
                + row("retries", "at most " + retry.maxRetries() + ", within " + millis(retry.maxDuration())
                        + "; backoff from " + millis(retry.delay()) + " doubling to a "
                        + millis(RetryAfterBackoff.MAX_BACKOFF_MILLIS) + " cap, plus up to "
                        + Math.round(RetryAfterBackoff.MAX_JITTER_RATIO * 100) + " % positive jitter",
                        "`….retry.max-retries`, `….retry.delay`, `….retry.max-duration`")
                + row("429 `Retry-After`", "never retried sooner than asked; a wait longer than "
                        + Duration.parse("PT" + maxRetryAfter).toSeconds() + " s is not retried at all and goes back to"
                        + " the caller as 503 with the same `Retry-After`", "`airbyte.resilience.max-retry-after`")
                + row("circuit breaker", "opens when " + Math.round(breaker.failureRatio() * 100) + " % of the last "
                        + breaker.requestVolumeThreshold() + " calls failed; pauses " + millis(breakerDelay)
                        + ", then lets one trial call through",
                        "`….circuit-breaker.request-volume-threshold`, `….failure-ratio`; the pause:"
                                + " `airbyte.resilience.circuit-breaker-delay-millis`");
    }

    private static String operationsTable() {
        RetryWhen common = AirbyteApiClient.class.getAnnotation(RetryWhen.class);
        List<Method> guarded = Arrays.stream(AirbyteApiClient.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Bulkhead.class)).toList();
        assertThat(guarded).extracting(Method::getName).as("list every guarded operation in OPERATIONS")
                .containsExactlyInAnyOrderElementsOf(OPERATIONS);
        StringBuilder table = new StringBuilder(
                "| method | retried on | circuit breaker | bulkhead: concurrent / queued |\n|---|---|---|---|\n");
        for (String name : OPERATIONS) {
            Method method = guarded.stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
            RetryWhen retryWhen = method.isAnnotationPresent(RetryWhen.class) ? method.getAnnotation(RetryWhen.class)
                    : common;
            assertThat(RETRIED_ON).as("describe %s in RETRIED_ON", retryWhen.exception().getSimpleName())
                    .containsKey(retryWhen.exception());
            Bulkhead bulkhead = method.getAnnotation(Bulkhead.class);
            table.append(row("`" + name + "`", RETRIED_ON.get(retryWhen.exception()),
                    "`" + method.getAnnotation(CircuitBreakerName.class).value() + "`",
                    bulkhead.value() + " / " + bulkhead.waitingTaskQueue()));
        }
        return table.toString();
    }

    private static String cachesTable(Properties properties) {
        Map<String, String[]> caches = new TreeMap<>();
        String prefix = "quarkus.cache.caffeine.\"";
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                String name = key.substring(prefix.length(), key.indexOf('"', prefix.length()));
                String[] values = caches.computeIfAbsent(name, n -> new String[2]);
                if (key.endsWith(".expire-after-write")) {
                    values[0] = Duration.parse("PT" + properties.getProperty(key)).toSeconds() + " s";
                } else if (key.endsWith(".maximum-size")) {
                    values[1] = properties.getProperty(key);
                }
            }
        }
        StringBuilder table = new StringBuilder("| cache | expires after write | entries at most |\n|---|---|---|\n");
        caches.forEach((name, values) -> table.append(row("`" + name + "`", values[0], values[1])));
        return table.toString();
    }

    private static String resilienceDefault(String method) {
        try {
            return AirbyteConfig.Resilience.class.getMethod(method).getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String millis(Object millis) {
        long value = Long.parseLong(String.valueOf(millis));
        return value % 1000 == 0 ? value / 1000 + " s" : value + " ms";
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String replace(String document, String start, String table) {
        int from = document.indexOf(start);
        int to = document.indexOf(END, from);
        assertThat(from).as("marker %s in docs/resilience.md", start).isNotNegative();
        assertThat(to).as("end marker after %s", start).isPositive();
        return document.substring(0, from + start.length()) + "\n" + table + document.substring(to);
    }
}
