package io.embedded.gateway.client;

/** Airbyte is up but refused our credentials, token or request; never retried as is, never trips a breaker. */
public final class UpstreamRejectedException extends AirbyteException {

    UpstreamRejectedException(Reason reason, int status, String message) {
        super(reason, status, null, message, null);
    }
}
