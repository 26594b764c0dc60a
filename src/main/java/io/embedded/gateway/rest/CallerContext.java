package io.embedded.gateway.rest;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.embedded.gateway.idempotency.IdempotentRequest;
import io.vertx.ext.web.RoutingContext;

/** What every endpoint that acts for a caller reads from its request: the browser's {@code Origin} and the request. */
public class CallerContext {

    @HeaderParam("Origin")
    @Parameter(in = ParameterIn.HEADER, description = "Set by browsers; must be a configured frontend origin")
    String origin;

    @Context
    UriInfo uri;

    @Context
    HttpHeaders headers;

    @Context
    RoutingContext routing;

    /** The request as {@link CallerRequests} runs it, for the user the body or query names (body mode only). */
    CallerRequests.Request request(String namedUserId) {
        return request(namedUserId, null);
    }

    /** The same, for a request that carries an {@code Idempotency-Key}. */
    CallerRequests.Request request(String namedUserId, IdempotentRequest once) {
        return new CallerRequests.Request(origin, uri, headers, routing, namedUserId, once);
    }

    /** Records the workspace the request ended up in, for its audit line. */
    void auditWorkspace(String workspaceId) {
        CallerRequests.auditWorkspace(routing, workspaceId);
    }

    String path() {
        return uri.getPath();
    }
}
