package io.embedded.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.embedded.gateway.support.AirbyteStandInResource;

/**
 * Runs after every other integration test (ordered last) and reads every log they produced, from the
 * {@code @QuarkusTest} JVM and from the packaged application: no client secret, operator token, widget token or
 * caller credential may appear anywhere, nor any secret the sources tests put into a source configuration, and no
 * event-loop thread may have been reported blocked.
 */
@Order(Integer.MAX_VALUE)
class LogHygieneIT {

    /** Any JWT: the operator token and the widget's inner token are both JWTs. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}");
    /** A widget token: base64 of {"token":... */
    private static final Pattern WIDGET_TOKEN = Pattern.compile("eyJ0b2tlbiI6");
    private static final Pattern BEARER_VALUE = Pattern.compile("Bearer\\s+[A-Za-z0-9._~+/=-]{8,}");

    @Test
    void shouldFindNoSecretOrTokenInAnyLog() throws IOException {
        List<Path> logs = logs();
        assertThat(logs).as("the suite must have produced logs to inspect").isNotEmpty();
        long lines = 0;
        List<String> leaks = new ArrayList<>();
        for (Path log : logs) {
            for (String line : Files.readAllLines(log)) {
                lines++;
                if (line.contains(AirbyteStandInResource.CLIENT_SECRET) || line.contains(AirbyteStandInResource.SOURCE_SECRET)
                        || JWT.matcher(line).find()
                        || WIDGET_TOKEN.matcher(line).find()
                        || BEARER_VALUE.matcher(line).find() || line.contains("caller-credential")
                        || line.contains("caller-cookie")) {
                    leaks.add(log.getFileName() + ": " + line);
                }
            }
        }
        assertThat(lines).as("lines inspected").isGreaterThan(50);
        assertThat(leaks).isEmpty();
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
