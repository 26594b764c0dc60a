package io.embedded.gateway.client;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import io.smallrye.mutiny.Uni;

/**
 * Each attempt of an upstream call (fault tolerance proceeds here once per attempt): counted for its call's span and
 * timed by {@link UpstreamMetrics}.
 */
@UpstreamCall("")
@Interceptor
// After SmallRye Fault Tolerance (4010): it proceeds here once per attempt.
@Priority(Interceptor.Priority.PLATFORM_AFTER + 20)
class UpstreamAttempts {

    /** Where {@link UpstreamCallSpan} leaves the counter of its call's attempts. */
    static final String ATTEMPTS = UpstreamAttempts.class.getName();

    private final UpstreamMetrics metrics;

    UpstreamAttempts(UpstreamMetrics metrics) {
        this.metrics = metrics;
    }

    @AroundInvoke
    Object attempt(InvocationContext invocation) throws Exception {
        String operation = invocation.getInterceptorBinding(UpstreamCall.class).value();
        AtomicInteger attempts = (AtomicInteger) invocation.getContextData().get(ATTEMPTS);
        if (attempts != null) {
            attempts.incrementAndGet();
        }
        return metrics.timed(operation, () -> proceed(invocation));
    }

    @SuppressWarnings("unchecked")
    private static Uni<Object> proceed(InvocationContext invocation) {
        try {
            return (Uni<Object>) invocation.proceed();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
