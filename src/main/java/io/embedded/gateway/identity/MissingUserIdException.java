package io.embedded.gateway.identity;

/** In {@link IdentityMode#BODY} mode the request body must name the user. */
public final class MissingUserIdException extends RuntimeException {

    public MissingUserIdException() {
        super("userId missing from the body", null, false, false);
    }
}
