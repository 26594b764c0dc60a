package io.embedded.gateway.standin;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The stand-in's seeded source templates, with tags and draft-07 specifications: the list with {@code tags} and
 * {@code tags_mode} (default {@code all}) and one template by id, as docs/airbyte-contract.md describes them.
 */
final class StandInTemplates {

    static final String PATH = "/api/v1/integrations/templates/sources";

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

    /** Read-only once built, so every event loop may read it. */
    private final Map<String, ObjectNode> byId = new LinkedHashMap<>();

    StandInTemplates() {
        try {
            for (JsonNode template : StandInJson.MAPPER.readTree(SEED)) {
                ObjectNode seeded = (ObjectNode) template;
                seeded.put("created_at", "2026-01-01T00:00:00Z").put("updated_at", "2026-01-01T00:00:00Z");
                byId.put(seeded.get("id").asText(), seeded);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the stand-in's seeded templates do not parse", e);
        }
    }

    static boolean serves(String method, String path) {
        return "GET".equals(method) && (path.equals(PATH) || path.startsWith(PATH + "/"));
    }

    StandInAnswer answer(StandInRequest request) {
        if (request.path().equals(PATH)) {
            return list(request);
        }
        ObjectNode template = byId.get(request.path().substring(PATH.length() + 1));
        return template == null ? StandInJson.answer(404, Map.of("detail", "Source template not found"))
                : StandInJson.answer(200, template);
    }

    /** The template {@code id}, or null when there is none. */
    ObjectNode get(String id) {
        return byId.get(id);
    }

    private StandInAnswer list(StandInRequest request) {
        List<String> tags = request.queryParameter("tags");
        List<String> mode = request.queryParameter("tags_mode");
        boolean any = !mode.isEmpty() && "any".equals(mode.get(0));
        ArrayNode data = StandInJson.MAPPER.createArrayNode();
        for (ObjectNode template : byId.values()) {
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
        return StandInJson.answer(200, Map.of("data", data));
    }
}
