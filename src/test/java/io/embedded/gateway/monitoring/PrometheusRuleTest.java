package io.embedded.gateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.embedded.gateway.support.PrometheusAvailable;

/**
 * The alert rules of the prod-monitoring overlay: promtool accepts them and their unit tests pass (each alert fires on
 * its failure and stays silent otherwise), every alert is annotated and links to a runbook entry that names it back.
 */
class PrometheusRuleTest {

    static final Path RUNBOOK = Path.of("docs/runbook.md");
    static final String RUNBOOK_URL = "https://github.com/example/airbyte-embedded-gateway/blob/main/docs/runbook.md#";

    @Test
    void shouldAnnotateEveryAlertAndLinkItToARunbookEntryThatLinksBack() throws IOException {
        String runbook = Files.readString(RUNBOOK);
        Set<String> anchors = new TreeSet<>();
        for (Matcher heading = Pattern.compile("(?m)^## (.+)$").matcher(runbook); heading.find();) {
            anchors.add(heading.group(1).toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
        }
        List<JsonNode> alerts = MonitoringFiles.alerts();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(7);
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            assertThat(alert.at("/labels/severity").asText()).as("%s severity", name).isIn("critical", "warning");
            assertThat(alert.at("/annotations/summary").asText()).as("%s summary", name).isNotBlank();
            assertThat(alert.at("/annotations/description").asText()).as("%s description", name).isNotBlank();
            String url = alert.at("/annotations/runbook_url").asText();
            assertThat(url).as("%s runbook_url", name).startsWith(RUNBOOK_URL);
            String anchor = url.substring(RUNBOOK_URL.length());
            assertThat(anchors).as("%s links to a section of docs/runbook.md", name).contains(anchor);
            assertThat(section(runbook, anchor)).as("the runbook entry %s names its alert", anchor)
                    .contains("`" + name + "`");
        }
    }

    @Test
    @ExtendWith(PrometheusAvailable.class)
    void shouldPassPromtoolChecksAndUnitTestsForEveryAlert(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("prometheusrule.rules.yaml"), MonitoringFiles.ruleGroupsYaml());
        Files.copy(MonitoringFiles.RULE_TESTS, dir.resolve("prometheusrule.test.yaml"));
        assertThat(promtool(dir, "check", "rules", "prometheusrule.rules.yaml")).contains("SUCCESS");
        assertThat(promtool(dir, "test", "rules", "prometheusrule.test.yaml")).contains("SUCCESS");

        // Every alert has a firing case and a silent case in the unit tests.
        String tests = Files.readString(MonitoringFiles.RULE_TESTS);
        for (JsonNode alert : MonitoringFiles.alerts()) {
            String name = alert.path("alert").asText();
            Matcher cases = Pattern.compile("alertname: " + name + "\\n\\s+exp_alerts:(.*)").matcher(tests);
            List<Boolean> silent = new ArrayList<>();
            while (cases.find()) {
                silent.add(cases.group(1).trim().equals("[]"));
            }
            assertThat(silent).as("%s is tested firing and silent", name).contains(true, false);
        }
    }

    private static String promtool(Path dir, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("promtool %s:%n%s", String.join(" ", arguments), output).isZero();
        return output;
    }

    /** The text of the runbook section whose heading gives {@code anchor}. */
    private static String section(String runbook, String anchor) {
        for (String part : runbook.split("(?m)^## ")) {
            String heading = part.lines().findFirst().orElse("");
            if (heading.toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-').equals(anchor)) {
                return part;
            }
        }
        return "";
    }
}
