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
 * The outside of every upstream call, around its fault tolerance: fault tolerance's refusals (deadline, open breaker,
 * full bulkhead) become {@link AirbyteException}s, the call's breaker is watched, and the call gets one span:
 * {@code airbyte.operation}, {@code airbyte.retry_count} and,
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
    private final UpstreamAvailability availability;

    UpstreamCallSpan(Tracer tracer, UpstreamAvailability availability) {
        this.tracer = tracer;
        this.availability = availability;
    }

    @AroundInvoke
    Object trace(InvocationContext invocation) throws Exception {
        String operation = invocation.getInterceptorBinding(UpstreamCall.class).value();
        availability.watch(operation);
        Span span = tracer.spanBuilder("airbyte " + operation).setAttribute(OPERATION, operation).startSpan();
        AtomicInteger attempts = new AtomicInteger();
        invocation.getContextData().put(UpstreamAttempts.ATTEMPTS, attempts);
        Uni<?> call;
        try {
            call = (Uni<?>) invocation.proceed();
        } catch (RuntimeException refused) {
            Throwable classified = UpstreamStatus.classifyRefusal(refused, availability::pausedFor);
            end(span, attempts, classified);
            throw classified instanceof RuntimeException runtime ? runtime : refused;
        }
        return call.onFailure().transform(failure -> UpstreamStatus.classifyRefusal(failure, availability::pausedFor))
                .onItemOrFailure().invoke((item, failure) -> end(span, attempts, failure))
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
            span.setAttribute(ERROR_TYPE, failure.getClass().getName());
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
