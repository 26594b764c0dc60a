package io.embedded.gateway.standin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

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

    private static final String WORKSPACE_SCOPE = "io.airbyte.auth.workspace_scope";

    private final ObjectMapper json;
    private final Predicate<String> issuedScopedToken;
    /** Keeps a source the widget created (workspace id, source), so Airbyte's source list has it, as it would. */
    private final java.util.function.BiConsumer<String, JsonNode> created;

    StandInWidgetPage(ObjectMapper json, Predicate<String> issuedScopedToken,
            java.util.function.BiConsumer<String, JsonNode> created) {
        this.json = json;
        this.issuedScopedToken = issuedScopedToken;
        this.created = created;
    }

    static boolean serves(String path) {
        return path.equals(PAGE) || path.startsWith(PAGE + "/");
    }

    ResponseDefinition handle(String method, String path, Request request) {
        return switch (method + " " + path) {
            case "GET " + PAGE -> resource("standin/embedded-widget.html", "text/html; charset=utf-8");
            case "GET " + LOADER -> resource("standin/airbyte-embedded-widget.js", "text/javascript; charset=utf-8");
            case "POST " + VERIFY -> withScopedToken(request, (workspaceId, body) -> json(200,
                    map("workspace_id", workspaceId)));
            case "POST " + SOURCES -> withScopedToken(request, this::createSource);
            default -> json(404, map("message", "Not Found", "errors", List.of()));
        };
    }

    /** Runs {@code handler} only for a scoped token this stand-in issued, unexpired, for the body's workspace. */
    private ResponseDefinition withScopedToken(Request request,
            BiFunction<String, JsonNode, ResponseDefinition> handler) {
        JsonNode body = readJson(request.getBodyAsString());
        String workspaceId = body == null ? null : body.path("workspaceId").asText(null);
        String header = request.getHeader("Authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()) : null;
        if (workspaceId == null || token == null || !issuedScopedToken.test(token)) {
            return json(401, map("message", "Invalid authentication credentials", "errors", List.of()));
        }
        JsonNode claims = claimsOf(token);
        if (claims == null || claims.path("exp").asLong(0) <= Instant.now().getEpochSecond()) {
            return json(401, map("message", "Token expired", "errors", List.of()));
        }
        if (!workspaceId.equals(claims.path(WORKSPACE_SCOPE).path("workspaceId").asText(null))) {
            return json(403, map("message", "Token is not scoped to this workspace", "errors", List.of()));
        }
        return handler.apply(workspaceId, body);
    }

    /** A source in the shape Airbyte's widget events carry ({@code Source}, docs/airbyte-contract.md). */
    private ResponseDefinition createSource(String workspaceId, JsonNode body) {
        String template = body.path("templateName").asText("GitHub");
        String now = Instant.now().toString();
        var spec = map("documentationUrl", null, "connectionSpecification", map("type", "object", "required",
                List.of("credentials"), "properties", map("credentials", map("type", "string", "airbyte_secret", true)),
                "title", template, "$schema", "http://json-schema.org/draft-07/schema#"), "advanced_auth", null,
                "supported_destination_sync_modes", null);
        var sourceTemplate = map("id", nameUuid("template:" + template), "name", template, "icon", null,
                "source_definition_id", nameUuid("definition:" + template), "user_config_spec", spec,
                "partial_default_config", Map.of(), "tags", List.of(), "mode", "DIRECT", "is_experimental", false,
                "created_at", now, "updated_at", now);
        String id = UUID.randomUUID().toString();
        var source = map("id", id, "name", template + " - " + id, "source_template", sourceTemplate,
                "replication_config", map("credentials", "**********"), "entities", null, "created_at", now,
                "updated_at", now);
        created.accept(workspaceId, json.valueToTree(source));
        return json(200, source);
    }

    private JsonNode claimsOf(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            return readJson(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private JsonNode readJson(String text) {
        try {
            JsonNode node = json.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String nameUuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static ResponseDefinition resource(String name, String contentType) {
        try (InputStream in = StandInWidgetPage.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("stand-in resource missing from the class path: " + name);
            }
            // no-store: edits to the page show up on the next load in dev mode.
            return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", contentType)
                    .withHeader("Cache-Control", "no-store").withBody(in.readAllBytes()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ResponseDefinition json(int status, Object body) {
        try {
            return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                    .withBody(json.writeValueAsString(body)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
