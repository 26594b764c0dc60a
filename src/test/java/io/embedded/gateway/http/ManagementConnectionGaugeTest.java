package io.embedded.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

class ManagementConnectionGaugeTest {

    private final ManagementConnectionGauge filter = new ManagementConnectionGauge();

    @Test
    void shouldDropOnlyMicrometersWarningAboutTheManagementServersConnectionGauge() {
        // The message as Micrometer 1.x words it (seen at every start of the packaged application).
        assertThat(filter.isLoggable(record(ManagementConnectionGauge.LOGGER, "This Gauge has been already registered ("
                + ManagementConnectionGauge.GAUGE + "), the registration will be ignored."))).isFalse();

        assertThat(filter.isLoggable(record(ManagementConnectionGauge.LOGGER,
                "This Gauge has been already registered (MeterId{name='gateway.other', tags=[]})"))).isTrue();
        assertThat(filter.isLoggable(record("io.embedded.gateway.audit", "AUDIT " + ManagementConnectionGauge.GAUGE)))
                .isTrue();
        assertThat(filter.isLoggable(record(ManagementConnectionGauge.LOGGER, null))).isTrue();
    }

    private static LogRecord record(String logger, String message) {
        LogRecord record = new LogRecord(Level.WARNING, message);
        record.setLoggerName(logger);
        return record;
    }
}
