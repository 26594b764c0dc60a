package io.embedded.gateway.events;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.identity.CallerIdentity;
import io.embedded.gateway.sources.Source;
import io.embedded.gateway.sources.SourceService;
import io.embedded.gateway.sources.Workspaces;
import io.embedded.gateway.state.SharedStoreUnavailableException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Turns every source created for a partner's user into one {@code source.created} event: sources created through the
 * API as they are created, sources created in the widget when the partner's frontend reports them and Airbyte confirms
 * they are in the caller's workspace. One event per source, whichever way and however often it is reported.
 */
@ApplicationScoped
public class SourceEvents {

    /** How long an API create's event keeps being offered to a store that is down, before it is given up (logged). */
    static final Duration STORE_RETRY_LIMIT = Duration.ofMinutes(10);

    private final WebhookDispatcher dispatcher;
    private final SourceService sources;
    private final Workspaces workspaces;
    private final ObjectMapper json;
    private final Clock clock;

    SourceEvents(WebhookDispatcher dispatcher, SourceService sources, Workspaces workspaces, ObjectMapper json,
            Clock clock) {
        this.dispatcher = dispatcher;
        this.sources = sources;
        this.workspaces = workspaces;
        this.json = json;
        this.clock = clock;
    }

    /** Whether events are on ({@code gateway.events.webhook-url} is set). */
    public boolean enabled() {
        return dispatcher.enabled();
    }

    /**
     * The event of a source just created through the API. The create succeeded whatever happens here: an event the store
     * cannot take yet (Redis down) is offered again in the background, logged at WARN, for up to ten minutes.
     */
    public Uni<Void> created(CallerIdentity caller, Source source) {
        if (!enabled()) {
            return Uni.createFrom().voidItem();
        }
        return event(caller, source, Via.API).flatMap(dispatcher::store).replaceWithVoid()
                .onFailure().recoverWithUni(unavailable -> {
                    Log.warnf("Could not store the webhook of source %s yet (%s); retrying in the background",
                            source.id(), unavailable instanceof SharedStoreUnavailableException
                                    ? "the shared store is unavailable"
                                    : unavailable.getClass().getSimpleName());
                    event(caller, source, Via.API).flatMap(dispatcher::store)
                            .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30))
                            .expireIn(STORE_RETRY_LIMIT.toMillis())
                            .subscribe().with(stored -> Log.infof("Stored the webhook of source %s", source.id()),
                                    failure -> Log.warnf("Gave up storing the webhook of source %s: the partner "
                                            + "can report it through POST /api/airbyte/events", source.id()));
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * A source the partner's frontend reports (the widget's {@code source_created}): checked with Airbyte to be in the
     * caller's workspace ({@link SourceNotFoundException} otherwise), then stored unless its event exists. Fails with
     * {@link EventStoreUnavailableException} when it cannot be stored. Answers the event's webhook id.
     */
    public Uni<String> reported(CallerIdentity caller, String sourceId) {
        return sources.list(caller)
                .map(list -> list.stream().filter(source -> sourceId.equalsIgnoreCase(source.id())).findFirst()
                        .orElseThrow(SourceNotFoundException::new))
                .flatMap(source -> event(caller, source, Via.WIDGET))
                .flatMap(event -> dispatcher.store(event).replaceWith(event.webhookId()))
                .onFailure(SharedStoreUnavailableException.class)
                .transform(unavailable -> new EventStoreUnavailableException(
                        ((SharedStoreUnavailableException) unavailable).retryAfter()));
    }

    /** The event about {@code source}, with the caller's workspace id when Airbyte's tokens name it. */
    private Uni<StoredEvent> event(CallerIdentity caller, Source source, Via via) {
        return workspaces.id(caller.workspaceName()).onFailure().recoverWithNull().map(workspaceId -> {
            long now = clock.millis();
            var body = new SourceCreatedEvent(SourceCreatedEvent.TYPE, java.time.Instant.ofEpochMilli(now).toString(),
                    new SourceCreatedEvent.Data(caller.userId(), workspaceId, source.id(), source.sourceTemplateId(),
                            source.name(), via.value()));
            try {
                return new StoredEvent(StoredEvent.webhookIdOf(source.id()), source.id(), json.writeValueAsString(body),
                        now);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("An event of strings cannot fail to serialise", e);
            }
        });
    }
}
