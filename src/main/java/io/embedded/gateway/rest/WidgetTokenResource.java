package io.embedded.gateway.rest;

import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;

import io.embedded.gateway.ratelimit.Budget;
import io.embedded.gateway.widget.WidgetTokenService;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/** Mints Airbyte widget tokens for partner frontends. Thin: resolve origin and caller, apply limits, delegate, map. */
@Path("/api/airbyte/widget-token")
@Tag(name = "Widget", description = "Tokens for Airbyte's embedded widget")
public class WidgetTokenResource {

    private final CallerRequests callers;
    private final WidgetTokenService widgets;

    WidgetTokenResource(CallerRequests callers, WidgetTokenService widgets) {
        this.callers = callers;
        this.widgets = widgets;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @Operation(summary = "Mint a widget token", description = """
            Returns a token for Airbyte's Authentication Module widget, bound to the caller's workspace and to the \
            frontend origin of the request (the Origin header; server-side callers without one get the default origin). \
            Pass `token` to `new AirbyteEmbeddedWidget({token})`. Mint it when the user clicks "connect", not at page load. \
            The caller is identified by its bearer JWT (or, behind a trusted proxy, its headers); only in the development \
            `body` mode does the body's `userId` name the user.""")
    @SecurityRequirement(name = "bearer")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WidgetTokenRequestBody.class), examples = @ExampleObject(name = "user", value = Examples.WIDGET_TOKEN_REQUEST)))
    @APIResponse(responseCode = "200", description = "A widget token", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WidgetTokenResponse.class), examples = @ExampleObject(name = "token", value = Examples.WIDGET_TOKEN_RESPONSE)))
    @APIResponse(responseCode = "400", description = "Invalid body", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "invalid", value = Examples.INVALID_REQUEST)))
    @APIResponse(responseCode = "401", description = "Missing or invalid credentials", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "unauthenticated", value = Examples.UNAUTHENTICATED)))
    @APIResponse(responseCode = "403", description = "Origin not allowed", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "origin", value = Examples.ORIGIN_NOT_ALLOWED)))
    @APIResponse(responseCode = "429", description = "Too many token and source-creation requests for this user or this gateway; see Retry-After", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "rate-limited", value = Examples.RATE_LIMITED)))
    @APIResponse(responseCode = "502", description = "Airbyte failed, rejected the gateway's credentials or answered unusably", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "upstream", value = Examples.UPSTREAM_ERROR)))
    @APIResponse(responseCode = "503", description = "Airbyte is rate-limiting or failing, or (jwt mode) the identity provider's keys cannot be fetched; see Retry-After", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "rate-limited", value = Examples.UPSTREAM_RATE_LIMITED)))
    @APIResponse(responseCode = "504", description = "Airbyte did not answer in time", content = @Content(mediaType = ProblemMappers.PROBLEM_JSON, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "timeout", value = Examples.UPSTREAM_TIMEOUT)))
    public Uni<WidgetTokenResponse> create(
            @Parameter(in = ParameterIn.HEADER, description = "Set by browsers; must be a configured frontend origin") @HeaderParam("Origin") String origin,
            @Context UriInfo uri,
            @Context HttpHeaders headers,
            @Context RoutingContext routing,
            @Valid WidgetTokenRequestBody body) {
        var request = new CallerRequests.Request(origin, uri, headers, routing, body == null ? null : body.userId());
        return callers.run(request, Budget.WRITE, widgets::mint)
                .invoke(minted -> CallerRequests.auditWorkspace(routing, minted.workspaceId()))
                .map(WidgetTokenResponse::from);
    }

}
