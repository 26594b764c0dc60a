package io.embedded.gateway.rest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.ResponseStatus;

import io.embedded.gateway.errors.Problem;
import io.embedded.gateway.events.SourceEvents;
import io.embedded.gateway.idempotency.IdempotentRequest;
import io.embedded.gateway.idempotency.IdempotentRequests;
import io.embedded.gateway.ratelimit.Budget;
import io.embedded.gateway.sources.SourceService;
import io.smallrye.mutiny.Uni;

/** Sources in the caller's workspace: validated creation and listing. Thin: resolve origin and caller, delegate, map. */
@Path("/api/airbyte/sources")
@Tag(name = "Sources")
public class SourceResource {

    static final String IDEMPOTENCY_KEY_DESCRIPTION = """
            Makes retrying safe (draft-ietf-httpapi-idempotency-key-header): a unique value per create, e.g. a UUID. One \
            key creates at most once, even if the client disconnects. A repeat with the same key and body within the \
            retention time (24 hours by default) gets the first answer (marked Idempotent-Replayed) without creating a \
            second source; 409 idempotency-key-in-use while the first still runs; 409 idempotency-outcome-unknown when \
            the first ended without a known outcome (list the sources, then use a new key). A first request that \
            certainly created nothing (validation, rate limit, Airbyte's refusal) gives the key back. The same key with \
            another body gets 422.""";

    private final CallerRequests callers;
    private final SourceService sources;
    private final IdempotentRequests idempotency;
    private final SourceEvents events;

    SourceResource(CallerRequests callers, SourceService sources, IdempotentRequests idempotency, SourceEvents events) {
        this.callers = callers;
        this.sources = sources;
        this.idempotency = idempotency;
        this.events = events;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @Operation(operationId = "createSource", summary = "Create a source", description = """
            Creates a source in the caller's workspace from a template the caller's frontend may offer. The \
            configuration is validated against the template's specification first: the fields the template sets \
            (its partial_default_config) count as present and may not be sent, even unchanged; an invalid \
            configuration is answered with 422 and one entry per problem, and nothing is sent to Airbyte. \
            The gateway never repeats a create that may have reached Airbyte: send an Idempotency-Key and retry with \
            the same key after a 502, a 504 or a lost connection to learn what happened. When the gateway's events are \
            configured, the new source becomes one source.created webhook to the partner's backend (a replay does not \
            give a second one).""")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreateSourceRequestBody.class), examples = @ExampleObject(name = "github", value = Examples.CREATE_SOURCE_REQUEST)))
    @APIResponse(responseCode = "201", description = "The created source", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SourceResponse.class), examples = @ExampleObject(name = "source", value = Examples.SOURCE_RESPONSE)))
    @APIResponse(responseCode = "404", description = "No such template for this frontend", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "not-found", value = Examples.TEMPLATE_NOT_FOUND)))
    @APIResponse(responseCode = "422", description = "The configuration does not match the template, or the Idempotency-Key was used for another request", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "validation", value = Examples.VALIDATION_FAILED)))
    @APIResponse(responseCode = "502", description = "Airbyte failed; the source may or may not exist")
    @APIResponse(responseCode = "504", description = "Airbyte did not answer in time; the source may or may not exist")
    public Uni<SourceResponse> create(
            @BeanParam CallerContext context,
            @Parameter(in = ParameterIn.HEADER, description = IDEMPOTENCY_KEY_DESCRIPTION, schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = IdempotentRequest.MAX_KEY_LENGTH), example = "\"4f7c1c1e-8a55-4a8f-b3f4-2d0c3f1e9a10\"") @HeaderParam(IdempotentRequest.HEADER) String idempotencyKey,
            @Valid @NotNull CreateSourceRequestBody body) {
        var once = idempotency.request(idempotencyKey, "POST", context.path(), body);
        var request = context.request(body.userId(), once);
        return callers.runOnce(request, Budget.WRITE, SourceService::createdNothing,
                (caller, frontend) -> sources.create(caller, frontend, body.sourceTemplateId(), body.name(),
                        body.configuration()).call(source -> events.created(caller, source)).map(SourceResponse::from));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listSources", summary = "List the caller's sources", description = "The sources in the caller's workspace, without their configuration.")
    @APIResponse(responseCode = "200", description = "The sources", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = SourceResponse.class), examples = @ExampleObject(name = "sources", value = Examples.SOURCES_RESPONSE)))
    public Uni<List<SourceResponse>> list(
            @BeanParam CallerContext context,
            @QueryParam("userId") @UserId String userId) {
        var request = context.request(userId);
        return callers.run(request, Budget.READ, (caller, frontend) -> sources.list(caller))
                .map(list -> list.stream().map(SourceResponse::from).toList());
    }
}
