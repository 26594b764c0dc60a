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
import io.embedded.gateway.widget.ScopedTokenService;
import io.smallrye.mutiny.Uni;

/** Scoped tokens for partners with their own UI. Thin: resolve origin and caller, delegate, map. */
@Path("/api/airbyte/scoped-token")
@Tag(name = "Sources")
public class ScopedTokenResource {

    private final CallerRequests callers;
    private final ScopedTokenService tokens;

    ScopedTokenResource(CallerRequests callers, ScopedTokenService tokens) {
        this.callers = callers;
        this.tokens = tokens;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @Operation(operationId = "mintScopedToken", summary = "Mint a scoped token", description = "A bearer token limited to the caller's workspace, for partners who build their own UI.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScopedTokenRequestBody.class), examples = @ExampleObject(name = "user", value = Examples.WIDGET_TOKEN_REQUEST)))
    @APIResponse(responseCode = "200", description = "A scoped token", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScopedTokenResponse.class), examples = @ExampleObject(name = "token", value = Examples.SCOPED_TOKEN_RESPONSE)))
    public Uni<ScopedTokenResponse> create(
            @BeanParam CallerContext context,
            @Valid ScopedTokenRequestBody body) {
        var request = context.request(body == null ? null : body.userId());
        // Minting spends Airbyte budget like a widget token, so the same limits apply.
        return callers.run(request, Budget.WRITE, (caller, frontend) -> tokens.mint(caller))
                .invoke(minted -> context.auditWorkspace(minted.workspaceId()))
                .map(ScopedTokenResponse::from);
    }
}
