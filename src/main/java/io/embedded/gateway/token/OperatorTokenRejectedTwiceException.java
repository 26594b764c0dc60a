package io.embedded.gateway.token;

import io.embedded.gateway.client.UpstreamRejectedException;

/** Airbyte rejected even a freshly issued operator token: our application's access is broken, not the token. */
public final class OperatorTokenRejectedTwiceException extends RuntimeException {

    public OperatorTokenRejectedTwiceException(UpstreamRejectedException cause) {
        super("Airbyte rejected a freshly issued operator token", cause);
    }
}
