package io.embedded.gateway.idempotency;

/** A repeated {@code Idempotency-Key} that cannot be answered by a replay. */
public final class IdempotencyConflictException extends RuntimeException {

    /** Why the repeat is refused. */
    public enum Reason {
        /** The first request with this key has not finished (409). */
        IN_PROGRESS,
        /** The key was used with another request body (422). */
        OTHER_REQUEST,
        /**
         * The first request with this key ended without a known outcome: its instance stopped mid-create, or the create
         * failed in a way that may have created the source. It never runs again (409).
         */
        OUTCOME_UNKNOWN
    }

    private final Reason reason;

    IdempotencyConflictException(Reason reason) {
        super("Idempotency-Key conflict: " + reason, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
