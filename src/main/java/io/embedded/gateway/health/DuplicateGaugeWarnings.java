package io.embedded.gateway.health;

import java.util.List;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Drops the WARN Micrometer logs at every start for the gauges Quarkus 3.34.1 registers twice, where the first
 * registration, the one kept, is the meaningful one; the second is ignored whether or not it is logged. Micrometer warns
 * once per registry, about the first duplicate it meets, so which of these it names depends on the configuration. Any
 * other message passes, other duplicate gauges included.
 */
@LoggingFilter(name = "duplicate-gauge-warnings")
public final class DuplicateGaugeWarnings implements Filter {

    static final String LOGGER = "io.micrometer.core.instrument.MeterRegistry";
    static final List<String> GAUGES = List.of(
            // Registered again for the management server under the API server's untagged id: the first counts the
            // connections callers hold.
            "MeterId{name='vertx.http.connections.current', tags=[]}",
            // The default Redis client is initialised by both the client and the data-source build steps; the second
            // client is created and dropped (putIfAbsent), so the first pool, whose gauges are kept, is the one used.
            "MeterId{name='redis.pool.queue.size', tags=[tag(pool.name=<default>),tag(pool.type=redis)]}");

    @Override
    public boolean isLoggable(LogRecord record) {
        // The logger name first: one string comparison per log line, the message only for Micrometer's.
        if (!LOGGER.equals(record.getLoggerName()) || record.getMessage() == null) {
            return true;
        }
        for (String gauge : GAUGES) {
            if (record.getMessage().contains(gauge)) {
                return false;
            }
        }
        return true;
    }
}
