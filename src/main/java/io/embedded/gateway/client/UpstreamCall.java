package io.embedded.gateway.client;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * Marks a method that calls Airbyte once per invocation and returns a {@code Uni}: the call gets a span (around its
 * retries, {@link UpstreamCallSpan}) and each attempt is counted and timed ({@link UpstreamAttempts}).
 */
@InterceptorBinding
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface UpstreamCall {

    /** The operation's name in spans and metrics, e.g. {@code widget-token}. */
    @Nonbinding
    String value();
}
