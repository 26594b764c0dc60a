package io.embedded.gateway.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import io.embedded.gateway.audit.AuditRecord;
import io.embedded.gateway.errors.Problem;
import io.embedded.gateway.events.EventsDisabledException;
import io.embedded.gateway.events.SourceEvents;
import io.embedded.gateway.ratelimit.Budget;
import io.smallrye.mutiny.Uni;

/** Source events reported by the partner's frontend; each becomes one signed webhook to the partner's backend. */
@Path(EventsSwitch.PATH)
@Tag(name = "Events", description = "Verified completion events: the widget's source_created reported here, and the signed source.created webhook the partner's backend receives")
public class EventResource {

    private final CallerRequests callers;
    private final SourceEvents events;

    EventResource(CallerRequests callers, SourceEvents events) {
        this.callers = callers;
        this.events = events;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    @Operation(operationId = "reportSourceEvent", summary = "Report a source created in the widget", description = """
            Forward the widget's source_created event here (its data.id as sourceId). The gateway checks with Airbyte \
            that the source is in the caller's workspace, stores a source.created event and answers 202; the event \
            is then delivered to the partner's backend as a signed webhook (see the webhooks section), retried until \
            it is accepted. One source gives one event, whether it is reported again or was created through \
            POST /api/airbyte/sources. Charged to the caller's read limit. Answers 404 when the gateway's events are \
            not configured.""")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SourceEventRequestBody.class), examples = @ExampleObject(name = "source_created", value = Examples.SOURCE_EVENT_REQUEST)))
    @APIResponse(responseCode = "202", description = "The event is stored and will be delivered (or was already)")
    @APIResponse(responseCode = "404", description = "No such source in the caller's workspace (unknown, or someone else's), or events are off", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "not-found", value = Examples.SOURCE_NOT_FOUND)))
    @APIResponse(responseCode = "503", description = "The event could not be stored; nothing will be sent: retry", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "idempotency-unavailable", value = Examples.EVENT_STORE_UNAVAILABLE)))
    public Uni<Void> report(@BeanParam CallerContext context, @Valid @NotNull SourceEventRequestBody body) {
        if (!events.enabled()) {
            throw new EventsDisabledException();
        }
        var request = context.request(body.userId());
        return callers.run(request, Budget.READ, (caller, frontend) -> events.reported(caller, body.sourceId()))
                .invoke(webhookId -> AuditRecord.of(context.routing).webhookId(webhookId)).replaceWithVoid();
    }
}
