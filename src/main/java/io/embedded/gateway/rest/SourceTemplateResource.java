package io.embedded.gateway.rest;

import java.util.List;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.embedded.gateway.errors.Problem;
import io.embedded.gateway.ratelimit.Budget;
import io.embedded.gateway.sources.SourceTemplates;
import io.smallrye.mutiny.Uni;

/** The source templates a frontend may offer. Thin: resolve origin and caller, delegate, map. */
@Path("/api/airbyte/source-templates")
@Tag(name = "Sources", description = "Source templates and sources in the caller's workspace, for partners' own UIs")
public class SourceTemplateResource {

    private final CallerRequests callers;
    private final SourceTemplates templates;

    SourceTemplateResource(CallerRequests callers, SourceTemplates templates) {
        this.callers = callers;
        this.templates = templates;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listSourceTemplates", summary = "List source templates", description = """
            The templates the caller's frontend may offer: those matching the frontend's configured tags and tag mode \
            (gateway.frontends."<origin>".source-template-tags, else gateway.widget.source-template-tags). Each names \
            the configuration fields the user must supply. Cached briefly.""")
    @APIResponse(responseCode = "200", description = "The templates", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = SourceTemplateResponse.class), examples = @ExampleObject(name = "templates", value = Examples.SOURCE_TEMPLATES_RESPONSE)))
    public Uni<List<SourceTemplateResponse>> list(
            @BeanParam CallerContext context,
            @QueryParam("userId") @UserId String userId) {
        var request = context.request(userId);
        return callers.run(request, Budget.READ, (caller, frontend) -> templates.list(frontend))
                .map(list -> list.stream().map(SourceTemplateResponse::summary).toList());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getSourceTemplate", summary = "Get a source template", description = """
            One template the caller's frontend may offer, with userConfigSpec: the JSON Schema (draft-07) of the \
            configuration, minus the fields the template already defaults. Unknown templates and templates the \
            frontend may not offer are both 404.""")
    @APIResponse(responseCode = "200", description = "The template", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SourceTemplateResponse.class), examples = @ExampleObject(name = "template", value = Examples.SOURCE_TEMPLATE_RESPONSE)))
    @APIResponse(responseCode = "404", description = "No such template for this frontend", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class), examples = @ExampleObject(name = "not-found", value = Examples.TEMPLATE_NOT_FOUND)))
    public Uni<SourceTemplateResponse> get(
            @BeanParam CallerContext context,
            @PathParam("id") String id,
            @QueryParam("userId") @UserId String userId) {
        var request = context.request(userId);
        return callers.run(request, Budget.READ, (caller, frontend) -> templates.get(frontend, id))
                .map(SourceTemplateResponse::detail);
    }
}
