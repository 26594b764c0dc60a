package io.embedded.gateway.identity;

import java.time.Duration;

/**
 * The partner identity provider's keys are needed to verify a bearer token and could not be fetched (503 with
 * {@code Retry-After}). The message is ours and safe to log.
 */
public final class IdentityProviderUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public IdentityProviderUnavailableException(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    /** When the gateway will next try the identity provider. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
