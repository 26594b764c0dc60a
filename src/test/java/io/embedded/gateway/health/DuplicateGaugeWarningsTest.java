package io.embedded.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class DuplicateGaugeWarningsTest {

    private final DuplicateGaugeWarnings filter = new DuplicateGaugeWarnings();

    @ParameterizedTest
    @FieldSource("io.embedded.gateway.health.DuplicateGaugeWarnings#GAUGES")
    void shouldDropOnlyMicrometersWarningAboutAKnownDuplicateGauge(String gauge) {
        // The message as Micrometer 1.x words it (seen at every start of the packaged application).
        assertThat(filter.isLoggable(record(DuplicateGaugeWarnings.LOGGER, "This Gauge has been already registered ("
                + gauge + "), the registration will be ignored."))).isFalse();

        assertThat(filter.isLoggable(record(DuplicateGaugeWarnings.LOGGER,
                "This Gauge has been already registered (MeterId{name='gateway.other', tags=[]})"))).isTrue();
        assertThat(filter.isLoggable(record("io.embedded.gateway.audit", "AUDIT " + gauge))).isTrue();
        assertThat(filter.isLoggable(record(DuplicateGaugeWarnings.LOGGER, null))).isTrue();
    }

    private static LogRecord record(String logger, String message) {
        LogRecord record = new LogRecord(Level.WARNING, message);
        record.setLoggerName(logger);
        return record;
    }
}
