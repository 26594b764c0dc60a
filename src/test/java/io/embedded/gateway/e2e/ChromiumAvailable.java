package io.embedded.gateway.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips browser tests, loudly, on a machine without Debian's Chromium; with {@code -De2e.required=true} (CI) a missing
 * browser fails the build instead. Evaluated before the packaged application starts.
 */
public class ChromiumAvailable implements ExecutionCondition {

    /** The browser, {@code /usr/bin/chromium} unless {@code -De2e.chromium} names another. */
    static Path chromium() {
        return Path.of(System.getProperty("e2e.chromium", "/usr/bin/chromium"));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Path chromium = chromium();
        if (Files.isExecutable(chromium)) {
            return ConditionEvaluationResult.enabled("Chromium at " + chromium);
        }
        String reason = "no Chromium at " + chromium + ": install it with `apt-get install -y chromium`";
        if (Boolean.getBoolean("e2e.required")) {
            throw new IllegalStateException("Browser tests are required (-De2e.required=true) but there is " + reason);
        }
        System.err.printf(
                "%n%s%n!! BROWSER END-TO-END TESTS SKIPPED: %s.%n!! Pass -De2e.required=true to fail instead.%n%s%n%n",
                "!".repeat(100), reason, "!".repeat(100));
        return ConditionEvaluationResult.disabled("BROWSER END-TO-END TESTS SKIPPED: " + reason);
    }
}
