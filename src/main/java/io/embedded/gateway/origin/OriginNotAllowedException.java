package io.embedded.gateway.origin;

/** The caller's {@code Origin} is not one of the configured frontend origins. */
public final class OriginNotAllowedException extends RuntimeException {

    public OriginNotAllowedException() {
        super("Origin not allowed", null, false, false);
    }
}
