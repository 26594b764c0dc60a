package io.embedded.gateway.rest;

import java.net.URI;

import jakarta.ws.rs.core.UriInfo;

/** This gateway's own origin as a request addressed it, for {@code OriginPolicy.resolve}. */
final class RequestOrigins {

    private RequestOrigins() {
    }

    static String own(UriInfo uri) {
        URI base = uri.getBaseUri();
        return base.getScheme() + "://" + base.getHost() + (base.getPort() == -1 ? "" : ":" + base.getPort());
    }
}
