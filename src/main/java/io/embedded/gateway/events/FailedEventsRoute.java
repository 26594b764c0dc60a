package io.embedded.gateway.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.ManagementInterface;

/**
 * {@code GET /q/events/failed} on the management port (never exposed through the ingress): the events given up on after
 * their last attempt, newest first (at most {@value #MAX}), with their bodies, for an operator to act on.
 */
@ApplicationScoped
class FailedEventsRoute {

    static final String PATH = "/q/events/failed";
    static final int MAX = 100;

    private final WebhookDispatcher dispatcher;
    private final ObjectMapper json;

    FailedEventsRoute(WebhookDispatcher dispatcher, ObjectMapper json) {
        this.dispatcher = dispatcher;
        this.json = json;
    }

    void install(@Observes ManagementInterface management) {
        if (!dispatcher.enabled()) {
            return;
        }
        management.router().get(PATH).handler(routing -> dispatcher.failedEvents(MAX).subscribe().with(events -> {
            try {
                routing.response().putHeader("Content-Type", "application/json")
                        .end(json.writeValueAsString(events));
            } catch (JsonProcessingException e) {
                routing.fail(e);
            }
        }, failure -> routing.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                .end("{\"error\":\"the shared store is unavailable\"}")));
    }
}
