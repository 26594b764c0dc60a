package io.embedded.gateway.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The process's resident set, {@code process_resident_memory_bytes}, read from {@code /proc/self/status} when Prometheus
 * scrapes: the figure a memory limit is sized from, for the native executable and the JVM alike (the JVM's own
 * metrics cover only its heap and pools, and a native executable has none). Absent where there is no {@code /proc}.
 */
@Singleton
class ResidentMemory implements MeterBinder {

    static final Path STATUS = Path.of("/proc/self/status");

    @Override
    public void bindTo(MeterRegistry registry) {
        if (Files.isReadable(STATUS)) {
            Gauge.builder("process.resident.memory", ResidentMemory::read).baseUnit("bytes")
                    .description("Resident set size of the process (VmRSS)").register(registry);
        }
    }

    private static double read() {
        try {
            return vmRssBytes(Files.readString(STATUS, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** The {@code VmRSS:} line of a {@code /proc/<pid>/status} text, in bytes; NaN without one. */
    static double vmRssBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] fields = line.substring("VmRSS:".length()).trim().split("\\s+");
                // The kernel always writes this field in kB (1024 bytes).
                return Long.parseLong(fields[0]) * 1024.0;
            }
        }
        return Double.NaN;
    }
}
