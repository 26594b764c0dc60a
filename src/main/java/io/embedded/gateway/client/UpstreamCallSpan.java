package io.embedded.gateway.client;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;

/**
 * One span per upstream call, around its fault tolerance: {@code airbyte.operation}, {@code airbyte.retry_count} and,
 * when the call failed, Airbyte's {@code http.response.status_code} and our {@code error.type}. Each attempt is also a
 * REST-client HTTP span in the same trace, whose id is the parent Airbyte sees in {@code traceparent}. Attributes never
 * hold a token, body, URL query or user id.
 */
@UpstreamCall("")
@Interceptor
// Before SmallRye Fault Tolerance (4010), so that one span covers every retry.
@Priority(Interceptor.Priority.PLATFORM_AFTER)
class UpstreamCallSpan {

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("airbyte.operation");
    static final AttributeKey<Long> RETRY_COUNT = AttributeKey.longKey("airbyte.retry_count");
    static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final Tracer tracer;

    UpstreamCallSpan(Tracer tracer) {
        this.tracer = tracer;
    }

    @AroundInvoke
    Object trace(InvocationContext invocation) throws Exception {
        String operation = invocation.getInterceptorBinding(UpstreamCall.class).value();
        Span span = tracer.spanBuilder("airbyte " + operation).setAttribute(OPERATION, operation).startSpan();
        AtomicInteger attempts = new AtomicInteger();
        invocation.getContextData().put(UpstreamAttempts.ATTEMPTS, attempts);
        Uni<?> call;
        try {
            call = (Uni<?>) invocation.proceed();
        } catch (RuntimeException refused) {
            end(span, attempts, refused);
            throw refused;
        }
        return call.onItemOrFailure().invoke((item, failure) -> end(span, attempts, failure))
                .onCancellation().invoke(() -> end(span, attempts, null));
    }

    private static void end(Span span, AtomicInteger attempts, Throwable failure) {
        span.setAttribute(RETRY_COUNT, Math.max(0, attempts.get() - 1));
        if (failure instanceof AirbyteException upstream) {
            if (upstream.status() > 0) {
                span.setAttribute(STATUS_CODE, upstream.status());
            }
            span.setAttribute(ERROR_TYPE, upstream.reason().name());
            span.setStatus(StatusCode.ERROR);
        } else if (failure != null) {
            // Fault tolerance's own refusals (open breaker, full bulkhead, deadline): the class name says which.
            span.setAttribute(ERROR_TYPE, failure.getClass().getName());
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
