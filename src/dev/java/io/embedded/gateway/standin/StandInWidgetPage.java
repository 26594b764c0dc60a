package io.embedded.gateway.standin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The stand-in for Airbyte's widget, written from the protocol in {@code docs/airbyte-contract.md} (the real widget
 * is proprietary and never copied): the iframe page at {@code widgetUrl}, a loader script with the real package's API,
 * and the two calls the iframe page makes with the scoped token it was handed.
 * <p>
 * The iframe page posts {@code "auth_token_request"} to its {@code allowedOrigin}, so a browser delivers it only when
 * the embedding page runs on exactly that origin: that is what makes a browser test of the origin binding meaningful.
 */
final class StandInWidgetPage {

    static final String PAGE = "/embedded-widget";
    /** The loader script, standing in for the widget package on a CDN. */
    static final String LOADER = PAGE + "/airbyte-embedded-widget.js";
    /** Checks a scoped token against the page's workspace. */
    static final String VERIFY = PAGE + "/verify";
    /** Creates a source in the token's workspace, as the real widget does when the user submits the form. */
    static final String SOURCES = PAGE + "/sources";

    private final StandInEmbeddedTokens tokens;
    private final StandInWorkspaces workspaces;
    private final StandInSources sources;

    StandInWidgetPage(StandInEmbeddedTokens tokens, StandInWorkspaces workspaces, StandInSources sources) {
        this.tokens = tokens;
        this.workspaces = workspaces;
        this.sources = sources;
    }

    static boolean serves(String path) {
        return path.equals(PAGE) || path.startsWith(PAGE + "/");
    }

    StandInAnswer answer(StandInRequest request) {
        return switch (request.method() + " " + request.path()) {
            case "GET " + PAGE -> StandInAnswer.resource("standin/embedded-widget.html", "text/html; charset=utf-8");
            case "GET " + LOADER ->
                StandInAnswer.resource("standin/airbyte-embedded-widget.js", "text/javascript; charset=utf-8");
            case "POST " + VERIFY -> withScopedToken(request,
                    (workspaceId, body) -> StandInJson.answer(200, Map.of("workspace_id", workspaceId)));
            case "POST " + SOURCES -> withScopedToken(request, this::createSource);
            default -> StandInJson.error(404, "Not Found");
        };
    }

    /** Runs {@code handler} only for a scoped token this stand-in issued, unexpired, for the body's workspace. */
    private StandInAnswer withScopedToken(StandInRequest request, BiFunction<String, JsonNode, StandInAnswer> handler) {
        JsonNode body = StandInJson.object(request.body());
        String workspaceId = body == null ? null : body.path("workspaceId").asText(null);
        String header = request.header("Authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()) : null;
        if (workspaceId == null || token == null || !tokens.issued(token)) {
            return StandInJson.error(401, "Invalid authentication credentials");
        }
        JsonNode claims = StandInJwt.claims(token);
        if (claims == null || claims.path("exp").asLong(0) <= Instant.now().getEpochSecond()) {
            return StandInJson.error(401, "Token expired");
        }
        if (!workspaceId.equals(claims.path(StandInEmbeddedTokens.WORKSPACE_SCOPE).path("workspaceId").asText(null))) {
            return StandInJson.error(403, "Token is not scoped to this workspace");
        }
        return handler.apply(workspaceId, body);
    }

    /** A source in the shape Airbyte's widget events carry ({@code Source}, docs/airbyte-contract.md). */
    private StandInAnswer createSource(String workspaceId, JsonNode body) {
        String template = body.path("templateName").asText("GitHub");
        String now = Instant.now().toString();
        var spec = StandInJson.map("documentationUrl", null, "connectionSpecification", StandInJson.map("type", "object",
                "required", List.of("credentials"), "properties",
                Map.of("credentials", StandInJson.map("type", "string", "airbyte_secret", true)), "title", template, "$schema",
                "http://json-schema.org/draft-07/schema#"), "advanced_auth", null, "supported_destination_sync_modes",
                null);
        var sourceTemplate = StandInJson.map("id", nameUuid("template:" + template), "name", template, "icon", null,
                "source_definition_id", nameUuid("definition:" + template), "user_config_spec", spec,
                "partial_default_config", Map.of(), "tags", List.of(), "mode", "DIRECT", "is_experimental", false,
                "created_at", now, "updated_at", now);
        String id = UUID.randomUUID().toString();
        var source = StandInJson.map("id", id, "name", template + " - " + id, "source_template", sourceTemplate,
                "replication_config", Map.of("credentials", "**********"), "entities", null, "created_at", now,
                "updated_at", now);
        // Airbyte's source list has what the widget created, so the stand-in's does too.
        String workspaceName = workspaces.nameOf(workspaceId);
        if (workspaceName != null) {
            sources.add(workspaceName, (ObjectNode) StandInJson.MAPPER.valueToTree(source));
        }
        return StandInJson.answer(200, source);
    }

    private static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
