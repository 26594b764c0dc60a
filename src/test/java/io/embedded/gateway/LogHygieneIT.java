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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.audit.AuditLog;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.TestJwtIssuer;

/**
 * Runs after every other integration test (ordered last) and reads every log they produced, from the
 * {@code @QuarkusTest} JVM and from the packaged application: no client secret, operator token, widget token, caller
 * JWT (every one the tests minted), caller credential or secret sent inside a source configuration may appear anywhere,
 * every API request left one parseable audit line, and no event-loop thread may have been reported blocked.
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

    @Test
    void shouldFindNoSecretOrTokenInAnyLog() throws IOException {
        List<Path> logs = logs();
        List<String> mintedJwts = mintedJwts();
        assertThat(mintedJwts).as("the identity tests minted JWTs to look for").isNotEmpty();
        assertThat(logs).as("the suite must have produced logs to inspect").isNotEmpty();
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
                        || mintedJwts.stream().anyMatch(line::contains)
                        // Vert.x's blocked-thread checker: nothing may block an event loop.
                        || line.contains("has been blocked for")) {
                    leaks.add(log.getFileName() + ": " + line);
                }
            }
        }
        assertThat(lines).as("lines inspected").isGreaterThan(50);
        assertThat(leaks).isEmpty();
    }

    @Test
    void shouldWriteOneParseableAuditLinePerApiRequest() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> audits = new ArrayList<>();
        for (Path log : logs()) {
            for (String line : Files.readAllLines(log)) {
                // The packaged app runs the prod profile, whose logs are JSON objects: the audit line is their message.
                String message = line.startsWith("{") ? json.readTree(line).path("message").asText("") : line;
                int start = message.indexOf(AuditLog.MARKER + "{");
                if (start >= 0) {
                    audits.add(json.readTree(message.substring(start + AuditLog.MARKER.length())));
                }
            }
        }

        assertThat(audits).as("audit lines").hasSizeGreaterThan(50);
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
        assertThat(audits).extracting(audit -> audit.get("status").asInt()).contains(200, 400, 401, 403, 413, 414, 429, 431,
                502, 503);
        assertThat(audits).extracting(audit -> audit.get("mode").asText()).contains("jwt", "header", "body");
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
