package io.embedded.gateway.idempotency;

import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Stores the answer of a request that took an {@code Idempotency-Key}, success or problem alike, serialised as the
 * client receives it. If storing fails the record stays "in progress" until it times out: repeats get 409, never a
 * second create.
 */
class IdempotencyRecorder {

    private final IdempotentRequests requests;
    private final ObjectMapper json;
    /** The current request's (a client proxy: this filter is one instance for all requests). */
    private final RoutingContext routing;

    IdempotencyRecorder(IdempotentRequests requests, ObjectMapper json, RoutingContext routing) {
        this.requests = requests;
        this.json = json;
        this.routing = routing;
    }

    @ServerResponseFilter
    Uni<Void> record(ContainerResponseContext response) {
        IdempotentRequests.Claim claim = routing.get(IdempotentRequests.CLAIM);
        if (claim == null) {
            return Uni.createFrom().voidItem();
        }
        routing.remove(IdempotentRequests.CLAIM);
        try {
            byte[] body = response.hasEntity() ? json.writeValueAsBytes(response.getEntity()) : new byte[0];
            String type = response.getMediaType() == null ? "application/json" : response.getMediaType().toString();
            return requests.finish(claim, new StoredAnswer(response.getStatus(), type, body))
                    .onFailure().invoke(failure -> Log.debugf("Idempotency record not stored: %s",
                            failure.getClass().getSimpleName()))
                    .onFailure().recoverWithNull().replaceWithVoid();
        } catch (JsonProcessingException e) {
            Log.errorf(e, "Answer to an idempotent request could not be serialised");
            return Uni.createFrom().voidItem();
        }
    }
}
