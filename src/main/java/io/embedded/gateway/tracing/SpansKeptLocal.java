package io.embedded.gateway.tracing;

import java.util.Collection;

import jakarta.inject.Singleton;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import io.quarkus.arc.lookup.LookupIfProperty;

/**
 * Exports nothing, and exists only while no OTLP endpoint is configured (the endpoint is Quarkus's default). Quarkus would
 * otherwise export to
 * {@code localhost:4317} and log a failure every few seconds where no collector runs; while any {@code SpanExporter}
 * bean is present it leaves its OTLP exporter out. Spans are then not recorded unless the caller's trace is sampled
 * ({@link OwnSampling}), but {@code traceparent} still travels to Airbyte, so a partner's traces keep their ids across
 * the gateway either way.
 */
@Singleton
// Looked up only through Quarkus's Instance<SpanExporter>, which ArC does not count as a use.
@Unremovable
// The traces endpoint falls back to quarkus.otel.exporter.otlp.endpoint, whose default is exactly this value; any
// endpoint an operator writes (http://localhost:4317 for a collector beside the pod, without the slash) differs.
@LookupIfProperty(name = "quarkus.otel.exporter.otlp.traces.endpoint", stringValue = SpansKeptLocal.QUARKUS_DEFAULT)
class SpansKeptLocal implements SpanExporter {

    static final String QUARKUS_DEFAULT = "http://localhost:4317/";

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
