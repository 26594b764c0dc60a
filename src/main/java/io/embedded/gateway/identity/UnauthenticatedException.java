package io.embedded.gateway.identity;

/**
 * The caller is not authenticated: no credentials, invalid credentials, or an identity that cannot name a workspace.
 * The message is ours and safe to log; it never holds a credential or claim value.
 */
public final class UnauthenticatedException extends RuntimeException {

    private final boolean credentialsPresented;

    public UnauthenticatedException(String message, boolean credentialsPresented) {
        super(message, null, false, false);
        this.credentialsPresented = credentialsPresented;
    }

    /** Whether the caller sent credentials that were refused (RFC 6750 {@code error="invalid_token"}). */
    public boolean credentialsPresented() {
        return credentialsPresented;
    }
}
