package io.embedded.gateway.standin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

/**
 * The stand-in's source templates and sources (connectors), to the contract in {@code docs/airbyte-contract.md}:
 * seeded templates with tags and draft-07 specifications, the template list with {@code tags} and {@code tags_mode}
 * (default {@code all}), one template by id, and a per-workspace store of created sources. Bearer checks happen in
 * {@link StandInApi} before a request gets here.
 */
final class StandInSources {

    static final String TEMPLATES_PATH = "/api/v1/integrations/templates/sources";
    static final String CONNECTORS_PATH = "/api/v1/integrations/connectors";

    static final String GITHUB = "9a1f6a52-8a47-4d1e-9f0e-6c2b8f0d3a11";
    static final String HUBSPOT = "2b7e0c44-1d9a-4f3b-8e6c-5a0d9f1e2b22";
    static final String POSTGRES = "4c8d1e55-2f0b-4a6c-9d7e-6b1f0a2c3d33";
    static final String SALESFORCE = "6e9f2a66-3a1c-4b7d-8e8f-7c2a1b3d4e44";

    private static final String SEED = """
            [
              {"id": "%s", "name": "GitHub", "icon": null, "tags": ["dev", "pro"], "mode": "REPLICATION",
               "user_config_spec": {"connectionSpecification": {
                 "$schema": "http://json-schema.org/draft-07/schema#", "title": "GitHub Spec", "type": "object",
                 "required": ["credentials", "repositories", "start_date"],
                 "properties": {
                   "credentials": {"type": "object", "title": "Authentication", "required": ["access_token"],
                     "additionalProperties": false,
                     "properties": {"access_token": {"type": "string", "airbyte_secret": true}}},
                   "repositories": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                   "start_date": {"type": "string"},
                   "page_size": {"type": "integer", "minimum": 1}}}},
               "partial_default_config": {"start_date": "2024-01-01T00:00:00Z"}},
              {"id": "%s", "name": "HubSpot", "icon": null, "tags": ["crm", "pro"], "mode": "REPLICATION",
               "user_config_spec": {"connectionSpecification": {
                 "$schema": "http://json-schema.org/draft-07/schema#", "title": "HubSpot Spec", "type": "object",
                 "required": ["credentials"], "additionalProperties": false,
                 "properties": {
                   "credentials": {"type": "object", "required": ["client_id", "client_secret", "refresh_token"],
                     "properties": {"client_id": {"type": "string"},
                       "client_secret": {"type": "string", "airbyte_secret": true},
                       "refresh_token": {"type": "string", "airbyte_secret": true}}},
                   "start_date": {"type": "string"}}}},
               "partial_default_config": {"credentials": {"client_id": "partner-oauth-app"}}},
              {"id": "%s", "name": "Postgres", "icon": null, "tags": ["database"], "mode": "REPLICATION",
               "user_config_spec": {"connectionSpecification": {
                 "$schema": "http://json-schema.org/draft-07/schema#", "title": "Postgres Spec", "type": "object",
                 "required": ["host", "port", "database", "username"], "additionalProperties": false,
                 "properties": {"host": {"type": "string"}, "port": {"type": "integer", "minimum": 1, "maximum": 65535},
                   "database": {"type": "string"}, "username": {"type": "string"},
                   "password": {"type": "string", "airbyte_secret": true}}}},
               "partial_default_config": {"port": 5432}},
              {"id": "%s", "name": "Salesforce", "icon": null, "tags": ["crm"], "mode": "REPLICATION",
               "user_config_spec": {"connectionSpecification": {
                 "$schema": "http://json-schema.org/draft-07/schema#", "title": "Salesforce Spec", "type": "object",
                 "required": ["client_id", "client_secret", "refresh_token"],
                 "properties": {"client_id": {"type": "string"}, "client_secret": {"type": "string", "airbyte_secret": true},
                   "refresh_token": {"type": "string", "airbyte_secret": true}}}},
               "partial_default_config": {}}
            ]""".formatted(GITHUB, HUBSPOT, POSTGRES, SALESFORCE);

    private final ObjectMapper json;
    /** Whether a workspace of that name was got-or-created by a widget or scoped token. */
    private final Predicate<String> workspaceExists;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, ObjectNode> templates = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> sourcesByWorkspace = new ConcurrentHashMap<>();

    StandInSources(ObjectMapper json, Predicate<String> workspaceExists) {
        this.json = json;
        this.workspaceExists = workspaceExists;
        try {
            for (JsonNode template : json.readTree(SEED)) {
                ObjectNode seeded = (ObjectNode) template;
                seeded.put("created_at", "2026-01-01T00:00:00Z").put("updated_at", "2026-01-01T00:00:00Z");
                templates.put(seeded.get("id").asText(), seeded);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether this class answers {@code method} on {@code path}. */
    boolean handles(String method, String path) {
        return ("GET".equals(method) && (path.equals(TEMPLATES_PATH) || path.startsWith(TEMPLATES_PATH + "/")))
                || (("GET".equals(method) || "POST".equals(method)) && path.equals(CONNECTORS_PATH));
    }

    ResponseDefinition answer(Request request, String method, String path) {
        if (path.equals(TEMPLATES_PATH)) {
            return listTemplates(request);
        }
        if (path.startsWith(TEMPLATES_PATH + "/")) {
            ObjectNode template = templates.get(path.substring(TEMPLATES_PATH.length() + 1));
            return template == null ? respond(404, json.createObjectNode().put("detail", "Source template not found"))
                    : respond(200, template);
        }
        return "POST".equals(method) ? createSource(request) : listSources(request);
    }

    private ResponseDefinition listTemplates(Request request) {
        List<String> tags = values(request, "tags");
        List<String> mode = values(request, "tags_mode");
        boolean any = !mode.isEmpty() && "any".equals(mode.get(0));
        ArrayNode data = json.createArrayNode();
        for (ObjectNode template : templates.values()) {
            List<String> templateTags = new ArrayList<>();
            template.path("tags").forEach(tag -> templateTags.add(tag.asText()));
            boolean matches = tags.isEmpty()
                    || (any ? tags.stream().anyMatch(templateTags::contains) : templateTags.containsAll(tags));
            if (matches) {
                // List items carry actor_definition_id and connector_name besides the template itself.
                ObjectNode item = template.deepCopy();
                item.put("actor_definition_id", UUID.nameUUIDFromBytes(template.get("name").asText().getBytes()).toString());
                item.put("connector_name", template.get("name").asText());
                data.add(item);
            }
        }
        return respond(200, json.createObjectNode().set("data", data));
    }

    private ResponseDefinition createSource(Request request) {
        JsonNode body;
        try {
            body = json.readTree(request.getBodyAsString());
        } catch (java.io.IOException notJson) {
            body = null;
        }
        List<String> missing = new ArrayList<>();
        for (String field : List.of("workspace_name", "source_template_id")) {
            if (body == null || !body.path(field).isTextual() || body.path(field).asText().isBlank()) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            ArrayNode detail = json.createArrayNode();
            missing.forEach(field -> detail.addObject().put("msg", "field required").put("type", "value_error.missing")
                    .set("loc", json.createArrayNode().add("body").add(field)));
            return respond(422, json.createObjectNode().set("detail", detail));
        }
        ObjectNode template = templates.get(body.get("source_template_id").asText());
        if (template == null) {
            return respond(404, json.createObjectNode().put("detail", "Source template not found"));
        }
        String workspace = body.get("workspace_name").asText();
        if (!workspaceExists.test(workspace)) {
            // As Airbyte documents: a create does not create the workspace; minting a widget or scoped token does.
            return respond(404, json.createObjectNode().put("detail", "Workspace not found"));
        }
        String now = clock.instant().toString();
        ObjectNode source = json.createObjectNode();
        source.put("id", UUID.randomUUID().toString());
        source.put("name", body.path("name").isTextual() ? body.get("name").asText()
                : template.get("name").asText() + " - " + workspace);
        source.set("source_template", template.deepCopy());
        // Airbyte redacts secrets in what it returns; the stand-in simply returns no configuration.
        source.set("replication_config", json.createObjectNode());
        source.putNull("entities");
        source.put("created_at", now).put("updated_at", now);
        sourcesByWorkspace.computeIfAbsent(workspace, name -> new CopyOnWriteArrayList<>()).add(source);
        return respond(200, source);
    }

    private ResponseDefinition listSources(Request request) {
        List<String> workspace = values(request, "workspace_name");
        if (workspace.isEmpty()) {
            return respond(422,
                    json.createObjectNode().put("detail", "workspace_name, workspace_id or definition_id required"));
        }
        ArrayNode data = json.createArrayNode();
        for (ObjectNode source : sourcesByWorkspace.getOrDefault(workspace.get(0), List.of())) {
            ObjectNode item = data.addObject();
            item.put("id", source.get("id").asText()).put("name", source.get("name").asText());
            JsonNode template = source.get("source_template");
            item.putObject("summarized_source_template").put("id", template.get("id").asText())
                    .put("name", template.get("name").asText());
            item.put("created_at", source.get("created_at").asText()).put("updated_at", source.get("updated_at").asText());
        }
        return respond(200, json.createObjectNode().set("data", data));
    }

    /** Keeps {@code source} in {@code workspace}, as a create in the widget does. */
    void add(String workspace, ObjectNode source) {
        sourcesByWorkspace.computeIfAbsent(workspace, name -> new CopyOnWriteArrayList<>()).add(source);
    }

    /** Creates a source from the seeded template {@code templateId} in {@code workspace}, as the widget would; its id. */
    String createInWidget(String workspace, String templateId) {
        ObjectNode template = templates.get(templateId);
        String now = clock.instant().toString();
        ObjectNode source = json.createObjectNode();
        source.put("id", UUID.randomUUID().toString());
        source.put("name", template.get("name").asText() + " - " + workspace);
        source.set("source_template", template.deepCopy());
        source.set("replication_config", json.createObjectNode());
        source.putNull("entities");
        source.put("created_at", now).put("updated_at", now);
        add(workspace, source);
        return source.get("id").asText();
    }

    /** Names of the sources created in {@code workspace}, oldest first. */
    List<String> sourceNames(String workspace) {
        return sourcesByWorkspace.getOrDefault(workspace, List.of()).stream().map(source -> source.get("name").asText())
                .toList();
    }

    void reset() {
        sourcesByWorkspace.clear();
    }

    private static List<String> values(Request request, String name) {
        QueryParameter parameter = request.queryParameter(name);
        return parameter == null || !parameter.isPresent() ? List.of() : parameter.values();
    }

    private ResponseDefinition respond(int status, JsonNode body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body.toString()).build();
    }
}
