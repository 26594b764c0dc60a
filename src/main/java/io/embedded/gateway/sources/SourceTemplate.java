package io.embedded.gateway.sources;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A source template as Airbyte describes it: its connector's configuration schema ({@code connectionSpecification},
 * JSON Schema draft-07) and the part of the configuration the template already supplies ({@code partial_default_config}).
 */
public record SourceTemplate(String id, String name, String icon, Set<String> tags, String mode, ObjectNode specification,
        ObjectNode partialDefaults) {

    /** Reads Airbyte's template object; missing parts become empty, so a bare template still works. */
    static SourceTemplate from(JsonNode node) {
        Set<String> tags = new LinkedHashSet<>();
        node.path("tags").forEach(tag -> {
            if (tag.isTextual()) {
                tags.add(tag.asText());
            }
        });
        JsonNode spec = node.path("user_config_spec").path("connectionSpecification");
        JsonNode defaults = node.path("partial_default_config");
        return new SourceTemplate(text(node, "id"), text(node, "name"), text(node, "icon"), Set.copyOf(tags),
                text(node, "mode"), spec.isObject() ? (ObjectNode) spec : JsonNodeFactory.instance.objectNode(),
                defaults.isObject() ? (ObjectNode) defaults : JsonNodeFactory.instance.objectNode());
    }

    /** Whether a created source takes its configuration as {@code credentials} (direct mode) rather than replication config. */
    boolean isDirect() {
        return "DIRECT".equalsIgnoreCase(mode) || "MULTI".equalsIgnoreCase(mode);
    }

    /** The specification without the fields the template already defaults: what the user still has to fill in. */
    public ObjectNode userSpecification() {
        ObjectNode copy = specification.deepCopy();
        removeDefaulted(copy, partialDefaults);
        return copy;
    }

    /** Whether Airbyte described the template's configuration: list items may come without it. */
    public boolean specified() {
        return !specification.isEmpty();
    }

    /** JSON pointers of the required fields the user must supply, nested ones included. */
    public List<String> requiredFields() {
        List<String> fields = new ArrayList<>();
        collectRequired(userSpecification(), "", fields);
        return fields;
    }

    /** The template's defaults laid over {@code configuration}: what Airbyte will end up with, the template winning. */
    ObjectNode merged(ObjectNode configuration) {
        ObjectNode merged = configuration.deepCopy();
        merge(merged, partialDefaults);
        return merged;
    }

    /**
     * JSON pointers (relative to {@code configuration}) of the fields it sets that the template fixes in
     * {@code partial_default_config}: a partner pins a host, an account or a start date so its users cannot change it.
     * Inside an object the template only partly fills, the user may set the other fields.
     */
    List<String> fixedFieldsSetIn(ObjectNode configuration) {
        List<String> pointers = new ArrayList<>();
        collectFixed(partialDefaults, configuration, "", pointers);
        return pointers;
    }

    private static void collectFixed(JsonNode defaults, JsonNode configuration, String prefix, List<String> pointers) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = defaults.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode submitted = configuration.get(field.getKey());
            if (submitted == null) {
                continue;
            }
            String pointer = prefix + "/" + escape(field.getKey());
            if (field.getValue().isObject() && submitted.isObject()) {
                collectFixed(field.getValue(), submitted, pointer, pointers);
            } else {
                pointers.add(pointer);
            }
        }
    }

    private static void merge(ObjectNode target, ObjectNode overlay) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue() instanceof ObjectNode overlayObject) {
                merge(existingObject, overlayObject);
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    private static void removeDefaulted(ObjectNode schema, JsonNode defaults) {
        JsonNode properties = schema.get("properties");
        for (Iterator<Map.Entry<String, JsonNode>> fields = defaults.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode property = properties == null ? null : properties.get(field.getKey());
            if (field.getValue().isObject() && property instanceof ObjectNode nested && nested.has("properties")) {
                removeDefaulted(nested, field.getValue());
                // The default object is there, so the field itself is satisfied; only what it still lacks is asked for.
                if (nested.path("required").isEmpty()) {
                    unrequire(schema, field.getKey());
                }
            } else {
                if (properties instanceof ObjectNode props) {
                    props.remove(field.getKey());
                }
                unrequire(schema, field.getKey());
            }
        }
    }

    private static void unrequire(ObjectNode schema, String name) {
        if (schema.get("required") instanceof ArrayNode required) {
            for (int i = required.size() - 1; i >= 0; i--) {
                if (required.get(i).asText().equals(name)) {
                    required.remove(i);
                }
            }
        }
    }

    private static void collectRequired(JsonNode schema, String prefix, List<String> fields) {
        for (JsonNode name : schema.path("required")) {
            String pointer = prefix + "/" + escape(name.asText());
            JsonNode property = schema.path("properties").path(name.asText());
            if (property.path("required").isArray() && !property.path("required").isEmpty()) {
                collectRequired(property, pointer, fields);
            } else {
                fields.add(pointer);
            }
        }
    }

    /** A name as one JSON pointer token (RFC 6901). */
    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
