package io.embedded.gateway.audit;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.embedded.gateway.identity.CallerIdentity;
import io.embedded.gateway.origin.FrontendOrigin;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * What one API request did, filled in as the request proceeds and written by {@link AuditLog} when the response ends.
 * Holds no token, secret, header value or user id: the caller appears only as a keyed hash.
 */
public final class AuditRecord {

    static final String KEY = AuditRecord.class.getName();
    private static final int MAX_ORIGIN_LENGTH = 200;

    final long startNanos = System.nanoTime();
    private final IdentityHasher hasher;
    volatile String origin;
    volatile boolean originAllowed;
    volatile String identityHash;
    volatile String mode;
    volatile String workspaceId;
    volatile long upstreamNanos = -1;
    volatile String limitedBy;
    volatile String webhookId;
    final String traceId;

    AuditRecord(IdentityHasher hasher, String originHeader, String traceId) {
        this.hasher = hasher;
        this.traceId = traceId;
        this.origin = originHeader == null ? null : cut(originHeader, MAX_ORIGIN_LENGTH);
    }

    /**
     * {@code value}, or its first {@code max} characters followed by {@code …} when it is longer, so that a reader knows
     * it was cut. Never splits a surrogate pair, which JSON could not encode.
     */
    static String cut(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end) + "…";
    }

    /** The record of the request being handled; a detached one (never written) outside an audited request. */
    public static AuditRecord of(RoutingContext routing) {
        AuditRecord record = routing == null ? null : routing.get(KEY);
        return record != null ? record : new AuditRecord(null, null, null);
    }

    /** The frontend origin the request was accepted for. */
    public void origin(FrontendOrigin frontend) {
        this.origin = frontend.value();
        this.originAllowed = true;
    }

    /** The authenticated caller, recorded as a hash. */
    public void caller(CallerIdentity caller) {
        this.mode = caller.mode().name().toLowerCase(java.util.Locale.ROOT);
        this.identityHash = hasher == null ? null : hasher.hash(caller);
    }

    /** The Airbyte workspace the request was served for. */
    public void workspaceId(String workspaceId) {
        this.workspaceId = workspaceId;
    }

    /** The webhook id of the source event the request was accepted for ({@code POST /api/airbyte/events}). */
    public void webhookId(String webhookId) {
        this.webhookId = webhookId;
    }

    /** Which rate limit refused the request ({@code identity} or {@code global}). */
    public void limitedBy(String scope) {
        this.limitedBy = scope;
    }

    /** Runs {@code upstream} and records how long it took, success or failure. */
    public <T> Uni<T> timeUpstream(Supplier<Uni<T>> upstream) {
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return upstream.get().onTermination().invoke(() -> upstreamNanos = System.nanoTime() - start);
        });
    }

    long upstreamMillis() {
        return upstreamNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(upstreamNanos);
    }
}
