package io.embedded.gateway.audit;

import java.io.IOException;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes one line per API request ({@code /api/...}, preflights excluded) to the logger {@code io.embedded.gateway.audit}:
 * {@code AUDIT {json}}. Installed as a Vert.x filter so that requests refused before reaching a resource (CORS, body
 * size, malformed JSON) are audited too. Fields: {@code event} (path, at most {@value #MAX_EVENT_LENGTH} characters and
 * then {@code …}), {@code method} (likewise at most {@value #MAX_METHOD_LENGTH}), {@code status} ({@code 499} when the
 * client closed the connection before the answer), {@code outcome} ({@code ok}, {@code refused} for 4xx, {@code failed}
 * for 5xx, {@code aborted} for 499), {@code origin}, {@code originAllowed}, {@code mode},
 * {@code identity} (keyed hash), {@code workspaceId}, {@code limitedBy}, {@code webhookId} (only on an accepted source
 * event report), {@code upstreamMs}, {@code durationMs},
 * {@code traceId} (the request's W3C trace id, which finds its spans).
 */
@Singleton
public class AuditLog {

    /** Prefix of every audit line; what follows is one JSON object. */
    public static final String MARKER = "AUDIT ";
    private static final Logger AUDIT = Logger.getLogger("io.embedded.gateway.audit");
    /** Longest path an audit line names; the API's longest is about 100 characters. */
    static final int MAX_EVENT_LENGTH = 200;
    /** Longest method an audit line names; HTTP's longest standard one has 7 characters. */
    static final int MAX_METHOD_LENGTH = 20;
    /** The status of a request whose client closed the connection before it was answered. */
    static final int CLIENT_CLOSED = 499;
    /** Runs before CORS and security so that their refusals are audited. */
    private static final int PRIORITY = 1_000;
    /** Room for a typical line (about 330 characters), so that the buffer is not grown while it is written. */
    private static final int LINE_CAPACITY = 512;

    private final AuditConfig config;
    private final IdentityHasher hasher;
    private final JsonFactory json = new JsonFactory();

    AuditLog(AuditConfig config, IdentityHasher hasher) {
        this.config = config;
        this.hasher = hasher;
    }

    void register(@Observes Filters filters) {
        if (config.enabled()) {
            filters.register(this::begin, PRIORITY);
        }
    }

    private void begin(RoutingContext routing) {
        String path = routing.normalizedPath();
        if (path.startsWith("/api/") && routing.request().method() != HttpMethod.OPTIONS) {
            AuditRecord record = new AuditRecord(hasher, routing.request().getHeader("Origin"), traceId());
            routing.put(AuditRecord.KEY, record);
            routing.addEndHandler(ended -> write(routing, path, record));
        }
        routing.next();
    }

    /** The trace of the server span, which the HTTP layer opened before any filter runs; null without one. */
    private static String traceId() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }

    private void write(RoutingContext routing, String path, AuditRecord record) {
        // A response that never ended: the client closed the connection first (499, as nginx logs it), so no status
        // was sent, whatever the response object holds.
        boolean answered = routing.response().ended();
        int status = answered ? routing.response().getStatusCode() : CLIENT_CLOSED;
        // Streamed field by field, in a fixed order: no map, no boxed numbers, no serializer lookups per line.
        StringWriter out = new StringWriter(LINE_CAPACITY);
        out.write(MARKER);
        try (JsonGenerator line = json.createGenerator(out)) {
            line.writeStartObject();
            // The caller chose both; a 4 KiB path or a 16 KiB custom method must not be copied into a line per request.
            line.writeStringField("event", AuditRecord.cut(path, MAX_EVENT_LENGTH));
            line.writeStringField("method", AuditRecord.cut(routing.request().method().name(), MAX_METHOD_LENGTH));
            line.writeNumberField("status", status);
            line.writeStringField("outcome", !answered ? "aborted" : status < 400 ? "ok" : status < 500 ? "refused" : "failed");
            line.writeStringField("origin", record.origin);
            line.writeBooleanField("originAllowed", record.originAllowed);
            line.writeStringField("mode", record.mode);
            line.writeStringField("identity", record.identityHash);
            line.writeStringField("workspaceId", record.workspaceId);
            line.writeStringField("limitedBy", record.limitedBy);
            if (record.webhookId != null) {
                line.writeStringField("webhookId", record.webhookId);
            }
            line.writeNumberField("upstreamMs", record.upstreamMillis());
            line.writeNumberField("durationMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - record.startNanos));
            line.writeStringField("traceId", record.traceId);
            line.writeEndObject();
        } catch (IOException e) {
            AUDIT.errorf("Could not write an audit line for %s", AuditRecord.cut(path, MAX_EVENT_LENGTH));
            return;
        }
        AUDIT.info(out.toString());
    }
}
