package io.embedded.gateway.standin;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The stand-in's sources (Airbyte's connectors), to docs/airbyte-contract.md: creating one from a template in an
 * existing workspace, and listing a workspace's, from a per-workspace store. Bearer checks happen before a request
 * gets here.
 */
final class StandInSources {

    static final String PATH = "/api/v1/integrations/connectors";

    private final StandInTemplates templates;
    private final StandInWorkspaces workspaces;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, List<ObjectNode>> byWorkspace = new ConcurrentHashMap<>();

    StandInSources(StandInTemplates templates, StandInWorkspaces workspaces) {
        this.templates = templates;
        this.workspaces = workspaces;
    }

    static boolean serves(String method, String path) {
        return ("GET".equals(method) || "POST".equals(method)) && path.equals(PATH);
    }

    StandInAnswer answer(StandInRequest request) {
        return "POST".equals(request.method()) ? create(request) : list(request);
    }

    private StandInAnswer create(StandInRequest request) {
        JsonNode body = StandInJson.object(request.body());
        StandInAnswer missing = StandInJson.requireFields(body, "workspace_name", "source_template_id");
        if (missing != null) {
            return missing;
        }
        ObjectNode template = templates.get(body.get("source_template_id").asText());
        if (template == null) {
            return StandInJson.answer(404, Map.of("detail", "Source template not found"));
        }
        String workspace = body.get("workspace_name").asText();
        if (!workspaces.exists(workspace)) {
            // As Airbyte documents: a create does not create the workspace; minting a widget or scoped token does.
            return StandInJson.answer(404, Map.of("detail", "Workspace not found"));
        }
        String name = body.path("name").isTextual() ? body.get("name").asText()
                : template.get("name").asText() + " - " + workspace;
        return StandInJson.answer(200, add(workspace, name, template));
    }

    private StandInAnswer list(StandInRequest request) {
        List<String> workspace = request.queryParameter("workspace_name");
        if (workspace.isEmpty()) {
            return StandInJson.answer(422, Map.of("detail", "workspace_name, workspace_id or definition_id required"));
        }
        ArrayNode data = StandInJson.MAPPER.createArrayNode();
        for (ObjectNode source : byWorkspace.getOrDefault(workspace.get(0), List.of())) {
            ObjectNode item = data.addObject();
            item.put("id", source.get("id").asText()).put("name", source.get("name").asText());
            JsonNode template = source.get("source_template");
            item.putObject("summarized_source_template").put("id", template.get("id").asText())
                    .put("name", template.get("name").asText());
            item.put("created_at", source.get("created_at").asText()).put("updated_at", source.get("updated_at").asText());
        }
        return StandInJson.answer(200, Map.of("data", data));
    }

    /** Keeps {@code source} in {@code workspace}, as a create in the widget does. */
    void add(String workspace, ObjectNode source) {
        byWorkspace.computeIfAbsent(workspace, name -> new CopyOnWriteArrayList<>()).add(source);
    }

    /** Creates a source from the seeded template {@code templateId} in {@code workspace}, as the widget would; its id. */
    String createInWidget(String workspace, String templateId) {
        ObjectNode template = templates.get(templateId);
        return add(workspace, template.get("name").asText() + " - " + workspace, template).get("id").asText();
    }

    /** Names of the sources created in {@code workspace}, oldest first. */
    List<String> names(String workspace) {
        return byWorkspace.getOrDefault(workspace, List.of()).stream().map(source -> source.get("name").asText()).toList();
    }

    void reset() {
        byWorkspace.clear();
    }

    private ObjectNode add(String workspace, String name, ObjectNode template) {
        String now = clock.instant().toString();
        ObjectNode source = StandInJson.MAPPER.createObjectNode();
        source.put("id", UUID.randomUUID().toString());
        source.put("name", name);
        source.set("source_template", template.deepCopy());
        // Airbyte redacts secrets in what it returns; the stand-in simply returns no configuration.
        source.set("replication_config", StandInJson.MAPPER.createObjectNode());
        source.putNull("entities");
        source.put("created_at", now).put("updated_at", now);
        add(workspace, source);
        return source;
    }
}
