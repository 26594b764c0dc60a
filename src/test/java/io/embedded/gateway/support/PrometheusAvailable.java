package io.embedded.gateway.support;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips the monitoring tests, loudly, on a machine without Debian's {@code prometheus} package ({@code prometheus} and
 * {@code promtool}); with {@code -De2e.required=true} (CI, which installs it) a missing one fails the build instead.
 */
public class PrometheusAvailable implements ExecutionCondition {

    /** Whether {@code tool} ({@code prometheus} or {@code promtool}) is installed here. */
    public static boolean installed(String tool) {
        return Files.isExecutable(Path.of("/usr/bin", tool)) || Files.isExecutable(Path.of("/usr/local/bin", tool));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (installed("prometheus") && installed("promtool")) {
            return ConditionEvaluationResult.enabled("prometheus and promtool are installed");
        }
        String reason = "no prometheus/promtool: install them with `apt-get install -y prometheus`";
        if (Boolean.getBoolean("e2e.required")) {
            throw new IllegalStateException("Monitoring tests are required (-De2e.required=true) but there is " + reason);
        }
        System.err.printf("%n%s%n!! MONITORING (PROMETHEUS) TESTS SKIPPED: %s.%n!! Pass -De2e.required=true to fail "
                + "instead.%n%s%n%n", "!".repeat(100), reason, "!".repeat(100));
        return ConditionEvaluationResult.disabled("MONITORING (PROMETHEUS) TESTS SKIPPED: " + reason);
    }
}
