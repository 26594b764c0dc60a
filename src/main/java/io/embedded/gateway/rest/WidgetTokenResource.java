package io.embedded.gateway.rest;

import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;

import io.embedded.gateway.ratelimit.Budget;
import io.embedded.gateway.widget.WidgetTokenService;
import io.smallrye.mutiny.Uni;

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
    @Operation(operationId = "mintWidgetToken", summary = "Mint a widget token", description = """
            Returns a token for Airbyte's Authentication Module widget, bound to the caller's workspace and to the \
            frontend origin of the request (the Origin header; server-side callers without one get the default origin). \
            Pass `token` to `new AirbyteEmbeddedWidget({token})`. Mint it when the user clicks "connect", not at page load. \
            The caller is identified by its bearer JWT (or, behind a trusted proxy, its headers); only in the development \
            `body` mode does the body's `userId` name the user.""")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WidgetTokenRequestBody.class), examples = @ExampleObject(name = "user", value = Examples.WIDGET_TOKEN_REQUEST)))
    @APIResponse(responseCode = "200", description = "A widget token", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WidgetTokenResponse.class), examples = @ExampleObject(name = "token", value = Examples.WIDGET_TOKEN_RESPONSE)))
    public Uni<WidgetTokenResponse> create(
            @BeanParam CallerContext context,
            @Valid WidgetTokenRequestBody body) {
        var request = context.request(body == null ? null : body.userId());
        return callers.run(request, Budget.WRITE, widgets::mint).map(minted -> {
            context.auditWorkspace(minted.workspaceId());
            return WidgetTokenResponse.from(minted);
        });
    }

}
