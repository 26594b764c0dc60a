package io.embedded.gateway.tracing;

import java.util.List;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * While spans are exported, records and samples every span whatever the caller's {@code traceparent} flags say; while
 * they are not ({@link SpansKeptLocal}), records only a caller's sampled trace. Every span gets an empty trace state.
 * Quarkus uses a {@code Sampler} bean in place of {@code quarkus.otel.traces.sampler} (and still drops {@code /q/}
 * paths around it).
 */
@Singleton
class OwnSampling implements Sampler {

    /**
     * The default, parent-based sampler follows the caller's sampled flag, so a caller sending flags {@code 00} would
     * switch our traces off for its own requests. The trace state is what the W3C propagator sends on as
     * {@code tracestate}: a caller's entries would reach Airbyte with our credentials, so no span inherits them
     * (children get the server span's, which is empty).
     */
    private static final SamplingResult SAMPLED_WITHOUT_TRACE_STATE = withoutTraceState(SamplingDecision.RECORD_AND_SAMPLE);
    /**
     * A span nobody will see costs a quarter of a request's CPU (docs/performance.md); not recording it keeps its ids,
     * so the trace id still reaches Airbyte, the audit line and the access log, with the sampled flag off.
     */
    private static final SamplingResult DROPPED_WITHOUT_TRACE_STATE = withoutTraceState(SamplingDecision.DROP);

    private final boolean exported;

    OwnSampling(@Any Instance<SpanExporter> exporters) {
        List<SpanExporter> all = exporters.stream().toList();
        this.exported = !(all.size() == 1 && all.get(0) instanceof SpansKeptLocal);
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        // Unexported, a caller's sampled trace is still recorded: its sampled flag then travels on to Airbyte unchanged.
        if (exported || Span.fromContext(parentContext).getSpanContext().isSampled()) {
            return SAMPLED_WITHOUT_TRACE_STATE;
        }
        return DROPPED_WITHOUT_TRACE_STATE;
    }

    @Override
    public String getDescription() {
        return exported ? "OwnSampling{always on, empty trace state}"
                : "OwnSampling{a sampled caller's traces only, empty trace state}";
    }

    private static SamplingResult withoutTraceState(SamplingDecision decision) {
        return new SamplingResult() {
            @Override
            public SamplingDecision getDecision() {
                return decision;
            }

            @Override
            public Attributes getAttributes() {
                return Attributes.empty();
            }

            @Override
            public TraceState getUpdatedTraceState(TraceState parentTraceState) {
                return TraceState.getDefault();
            }
        };
    }
}
