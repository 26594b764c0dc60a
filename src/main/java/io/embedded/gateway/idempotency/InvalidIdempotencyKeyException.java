package io.embedded.gateway.idempotency;

/** The {@code Idempotency-Key} header is empty, longer than 255 characters, or not visible ASCII. */
public final class InvalidIdempotencyKeyException extends RuntimeException {

    InvalidIdempotencyKeyException() {
        super("invalid Idempotency-Key", null, false, false);
    }
}
