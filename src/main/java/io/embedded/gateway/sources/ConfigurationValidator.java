package io.embedded.gateway.sources;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;

/**
 * Checks a source configuration against its template's {@code connectionSpecification} (JSON Schema draft-07, with
 * networknt's validator) before anything goes to Airbyte. A field the template fixes in
 * {@code partial_default_config} may not be set at all; the template's values are then laid over the configuration, so
 * they count as present. Every problem names its field with a
 * JSON pointer into the request body; the messages are ours, per keyword, and never quote a submitted value, since
 * configurations carry passwords and tokens.
 */
@ApplicationScoped
public class ConfigurationValidator {

    /** Where the configuration sits in the create request's body. */
    static final String BODY_POINTER = "/configuration";
    /** The detail for a field the template fixes in {@code partial_default_config}. */
    static final String FIXED_BY_TEMPLATE = "is set by the template and cannot be changed";

    // Draft-07 is what Airbyte's connector specifications declare; a schema naming another draft still gets its own.
    // Native: the validator uses no reflection and ships META-INF/native-image resource config for its metaschemas
    // and messages; schemas are built from JsonNode trees (docs/native.md).
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    /** The problems with {@code configuration}, sorted by pointer; empty when it is valid. */
    public List<FieldProblem> problems(SourceTemplate template, JsonNode configuration) {
        if (configuration == null || !configuration.isObject()) {
            return List.of(new FieldProblem(BODY_POINTER, "must be a JSON object"));
        }
        Schema schema = schemas.getSchema(template.specification());
        Set<FieldProblem> problems = new LinkedHashSet<>();
        for (String fixed : template.fixedFieldsSetIn((ObjectNode) configuration)) {
            problems.add(new FieldProblem(BODY_POINTER + fixed, FIXED_BY_TEMPLATE));
        }
        for (Error error : schema.validate(template.merged((ObjectNode) configuration))) {
            problems.add(new FieldProblem(pointer(error), detail(error)));
        }
        List<FieldProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing(FieldProblem::pointer).thenComparing(FieldProblem::detail));
        return sorted;
    }

    private static String pointer(Error error) {
        StringBuilder pointer = new StringBuilder(BODY_POINTER);
        NodePath location = error.getInstanceLocation();
        for (int i = 0; i < location.getNameCount(); i++) {
            pointer.append('/').append(SourceTemplate.escape(String.valueOf(location.getElement(i))));
        }
        // For these keywords the instance is the enclosing object; the field itself is the more useful address.
        String keyword = error.getKeyword();
        if (("required".equals(keyword) || "additionalProperties".equals(keyword)) && error.getProperty() != null) {
            pointer.append('/').append(SourceTemplate.escape(error.getProperty()));
        }
        return pointer.toString();
    }

    private static String detail(Error error) {
        String keyword = error.getKeyword() == null ? "" : error.getKeyword();
        return switch (keyword) {
            case "required" -> "is required";
            case "additionalProperties" -> "is not a known field";
            case "type" -> "must be of type " + expectedType(error.getSchemaNode());
            case "enum", "const" -> "is not one of the allowed values";
            case "minLength" -> "is too short";
            case "maxLength" -> "is too long";
            case "pattern" -> "does not have the expected format";
            case "format" -> "is not a valid " + (error.getSchemaNode() != null && error.getSchemaNode().isTextual()
                    ? error.getSchemaNode().asText()
                    : "value");
            case "minimum", "exclusiveMinimum" -> "is too small";
            case "maximum", "exclusiveMaximum" -> "is too large";
            case "minItems" -> "has too few items";
            case "maxItems" -> "has too many items";
            case "uniqueItems" -> "has duplicate items";
            case "oneOf", "anyOf" -> "matches none of the allowed shapes";
            default -> "is invalid (" + keyword + ")";
        };
    }

    private static String expectedType(JsonNode typeNode) {
        if (typeNode == null) {
            return "the expected type";
        }
        if (typeNode.isTextual()) {
            return typeNode.asText();
        }
        if (typeNode.isArray()) {
            List<String> types = new ArrayList<>();
            typeNode.forEach(type -> types.add(type.asText()));
            return String.join(" or ", types);
        }
        return typeNode.has("type") ? expectedType(typeNode.get("type")) : "the expected type";
    }
}
