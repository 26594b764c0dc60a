package io.embedded.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ResidentMemoryTest {

    @Test
    void shouldReadTheResidentSetInBytesFromTheKernelsStatusText() {
        String status = "Name:\tjava\nVmPeak:\t 4096000 kB\nVmRSS:\t  204800 kB\nRssAnon:\t  150000 kB\n";

        assertThat(ResidentMemory.vmRssBytes(status)).isEqualTo(204_800 * 1024.0);
        assertThat(ResidentMemory.vmRssBytes("Name:\tkernel-thread\n")).isNaN();
    }

    @Test
    void shouldReportThisProcesssResidentSetWhereThereIsAProcFileSystem() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ResidentMemory().bindTo(registry);

        if (Files.isReadable(ResidentMemory.STATUS)) {
            // A running JVM holds tens of megabytes at least, and far less than a terabyte.
            assertThat(registry.get("process.resident.memory").gauge().value()).isBetween(10e6, 1e12);
        } else {
            assertThat(registry.find("process.resident.memory").gauge()).isNull();
        }
    }
}
