package io.embedded.gateway.http;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Drops the one WARN Micrometer logs at every start because Quarkus 3.34.1 registers the gauge
 * {@code vertx.http.connections.current} for the management server too, under the API server's untagged id. The first
 * registration, the API server's, is kept, so the gauge counts the connections callers hold; the second is ignored
 * whether or not it is logged. Any other message passes, including other duplicate gauges.
 */
@LoggingFilter(name = "management-connection-gauge")
public final class ManagementConnectionGauge implements Filter {

    static final String LOGGER = "io.micrometer.core.instrument.MeterRegistry";
    static final String GAUGE = "MeterId{name='vertx.http.connections.current', tags=[]}";

    @Override
    public boolean isLoggable(LogRecord record) {
        // The logger name first: one string comparison per log line, the message only for Micrometer's.
        return !(LOGGER.equals(record.getLoggerName()) && record.getMessage() != null
                && record.getMessage().contains(GAUGE));
    }
}
