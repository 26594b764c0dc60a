package io.embedded.gateway.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.embedded.gateway.errors.ProblemResponses;
import io.embedded.gateway.errors.ProblemType;
import io.embedded.gateway.events.SourceEvents;

/**
 * Without {@code gateway.events.webhook-url} the events endpoint does not exist: it answers 404 {@code not-found} before
 * anything else (its body is not even read), as an unknown path would.
 */
public class EventsSwitch {

    static final String PATH = "/api/airbyte/events";

    private final SourceEvents events;

    EventsSwitch(SourceEvents events) {
        this.events = events;
    }

    @ServerRequestFilter(preMatching = true)
    public Response eventsOff(ContainerRequestContext request) {
        if (PATH.equals(request.getUriInfo().getPath()) && !events.enabled()) {
            return ProblemResponses.problem(ProblemType.NOT_FOUND, request.getUriInfo());
        }
        return null;
    }
}
