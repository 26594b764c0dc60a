package io.embedded.gateway.client;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/** Latency of every upstream attempt (retries included), by operation and outcome, as a Prometheus histogram. */
@ApplicationScoped
class UpstreamMetrics {

    private final MeterRegistry registry;
    /** Timers by operation and outcome, built once: registering a meter on every call costs more than the sample. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    UpstreamMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Times one attempt, from subscription to its item or failure. */
    <T> Uni<T> timed(String operation, Supplier<Uni<T>> attempt) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            return attempt.get().onItemOrFailure().invoke((item, failure) -> sample.stop(timer(operation, outcome(failure))));
        });
    }

    private Timer timer(String operation, String outcome) {
        return timers.computeIfAbsent(operation + '/' + outcome,
                key -> Timer.builder("airbyte.upstream.duration")
                        .description("Latency of calls to Airbyte, one sample per attempt")
                        .tag("operation", operation).tag("outcome", outcome).publishPercentileHistogram().register(registry));
    }

    private static String outcome(Throwable failure) {
        if (failure == null) {
            return "success";
        }
        return failure instanceof AirbyteException upstream ? upstream.reason().name().toLowerCase(Locale.ROOT) : "error";
    }
}
