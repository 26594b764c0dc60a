package io.embedded.gateway.monitoring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The alert rules and the dashboard that the prod-monitoring overlay ships, as the tests read them. */
final class MonitoringFiles {

    static final Path OVERLAY = Path.of("deploy/k8s/overlays/prod-monitoring");
    static final Path RULES = OVERLAY.resolve("prometheusrule.yaml");
    static final Path RULE_TESTS = OVERLAY.resolve("prometheusrule.test.yaml");
    static final Path DASHBOARD = OVERLAY.resolve("dashboard.json");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private MonitoringFiles() {
    }

    /** The PrometheusRule's rule groups, as a Prometheus rule file (what promtool reads). */
    static String ruleGroupsYaml() throws IOException {
        return YAML.writeValueAsString(YAML.readTree(RULES.toFile()).path("spec"));
    }

    /** Every alerting rule. */
    static List<JsonNode> alerts() throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).at("/spec/groups")) {
            group.path("rules").forEach(alerts::add);
        }
        return alerts;
    }

    /** Every query of the dashboard, keyed "panel title / refId", in panel order. */
    static List<String[]> dashboardQueries() throws IOException {
        List<String[]> queries = new ArrayList<>();
        for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new String[] { panel.path("title").asText() + " / " + target.path("refId").asText(),
                        target.path("expr").asText() });
            }
        }
        return queries;
    }
}
