package io.embedded.gateway.identity;

/** Where the gateway learns who its caller is; {@code gateway.identity.mode}. */
public enum IdentityMode {
    /** A bearer JWT from the partner's identity provider, verified by the gateway (production default). */
    JWT,
    /** A header set by an authenticating proxy in front of the gateway, trusted only with the proxy's shared secret. */
    HEADER,
    /** The {@code userId} in the request body: local development and trusted internal callers only. */
    BODY
}
