package io.embedded.gateway.events;

/** A reported source is not in the caller's workspace: unknown, or someone else's (the two answer alike). */
public final class SourceNotFoundException extends RuntimeException {

    SourceNotFoundException() {
        super("The source is not in the caller's workspace", null, false, false);
    }
}
