package io.embedded.gateway.tracing;

import java.util.List;

import jakarta.inject.Singleton;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;

/**
 * Records and samples every span, whatever the caller's {@code traceparent} flags say, with an empty trace state.
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
    private static final SamplingResult SAMPLED_WITHOUT_TRACE_STATE = new SamplingResult() {
        @Override
        public SamplingDecision getDecision() {
            return SamplingDecision.RECORD_AND_SAMPLE;
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

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        return SAMPLED_WITHOUT_TRACE_STATE;
    }

    @Override
    public String getDescription() {
        return "OwnSampling{always on, empty trace state}";
    }
}
