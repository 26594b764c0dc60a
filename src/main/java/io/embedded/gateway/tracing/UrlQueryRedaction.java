package io.embedded.gateway.tracing;

import jakarta.inject.Singleton;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Replaces URL queries in span attributes with {@code REDACTED} as spans start. Airbyte's source listing is queried
 * by workspace name, which is derived from the user id, and no span may carry a user id.
 */
@Singleton
class UrlQueryRedaction implements SpanProcessor {

    static final String REDACTED = "REDACTED";
    private static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    private static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        String full = span.getAttribute(URL_FULL);
        int query = full == null ? -1 : full.indexOf('?');
        if (query >= 0) {
            span.setAttribute(URL_FULL, full.substring(0, query + 1) + REDACTED);
        }
        if (span.getAttribute(URL_QUERY) != null) {
            span.setAttribute(URL_QUERY, REDACTED);
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        // Nothing: attributes set after the start carry no query.
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
