package io.embedded.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The objects a kustomization renders, resolved in plain Java so that policy tests run without kubectl: resources
 * (files or directories) are loaded, ConfigMaps generated from files, then each patch file is applied as a strategic
 * merge (maps merged, lists of named items merged by name, other lists replaced, as the Kubernetes types this repository
 * patches declare). Only the kustomization fields deploy/k8s uses are understood; any other field, deprecated ones
 * ({@code bases}, {@code patchesStrategicMerge}) included, fails, so that a feature this resolver would misread cannot
 * slip past the policy. .ci/k8s-validate.sh checks the same policy on kubectl's own rendering.
 */
final class RenderedOverlay {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Fields that do not change the objects' content, or that this class applies. */
    private static final Set<String> UNDERSTOOD = Set.of("apiVersion", "kind", "namespace", "images", "resources",
            "patches", "configMapGenerator");

    private final Map<String, ObjectNode> objects = new LinkedHashMap<>();

    private RenderedOverlay() {
    }

    static RenderedOverlay of(Path directory) throws IOException {
        RenderedOverlay rendered = new RenderedOverlay();
        rendered.load(directory);
        return rendered;
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.values().stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    ObjectNode get(String kind, String name) {
        return objects.get(kind + "/" + name);
    }

    private void load(Path directory) throws IOException {
        Path file = directory.resolve("kustomization.yaml");
        assertThat(file).as("kustomization of %s", directory).isRegularFile();
        JsonNode kustomization = YAML.readTree(file.toFile());
        kustomization.fieldNames().forEachRemaining(field -> assertThat(UNDERSTOOD)
                .as("%s uses `%s`, which RenderedOverlay does not apply; teach it before relying on it", file, field)
                .contains(field));
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = directory.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                load(path);
                continue;
            }
            for (JsonNode doc : documents(path)) {
                ObjectNode previous = objects.putIfAbsent(key(doc), (ObjectNode) doc);
                assertThat(previous).as("%s in %s is declared twice", key(doc), directory).isNull();
            }
        }
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            ObjectNode configMap = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
            configMap.putObject("metadata").put("name", generator.path("name").asText());
            ObjectNode data = configMap.putObject("data");
            for (JsonNode entry : generator.path("files")) {
                String[] keyAndFile = entry.asText().split("=", 2);
                Path source = directory.resolve(keyAndFile[keyAndFile.length - 1]);
                data.put(keyAndFile.length == 2 ? keyAndFile[0] : source.getFileName().toString(), Files.readString(source));
            }
            objects.put(key(configMap), configMap);
        }
        for (JsonNode patch : kustomization.path("patches")) {
            assertThat(patch.fieldNames()).toIterable().as("%s: only `path` patches (strategic merge) are understood", file)
                    .containsExactly("path");
            Path path = directory.resolve(patch.path("path").asText());
            for (JsonNode doc : documents(path)) {
                ObjectNode target = objects.get(key(doc));
                assertThat(target).as("%s patches %s, which is not rendered", path, key(doc)).isNotNull();
                merge(target, (ObjectNode) doc, path);
            }
        }
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode> readValues(file.toFile()).readAll()) {
            if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                documents.add(doc);
            }
        }
        return documents;
    }

    private static String key(JsonNode object) {
        return object.path("kind").asText() + "/" + object.at("/metadata/name").asText();
    }

    private static void merge(ObjectNode target, ObjectNode patch, Path file) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            assertThat(name).as("%s: strategic-merge directives are not understood by RenderedOverlay", file)
                    .doesNotStartWith("$");
            JsonNode existing = target.get(name);
            if (existing instanceof ObjectNode into && value instanceof ObjectNode from) {
                merge(into, from, file);
            } else if (existing instanceof ArrayNode into && value instanceof ArrayNode from && named(into)
                    && named(from)) {
                mergeByName(into, from, file);
            } else {
                target.set(name, value.deepCopy());
            }
        }
    }

    private static void mergeByName(ArrayNode target, ArrayNode patch, Path file) {
        for (JsonNode item : patch) {
            JsonNode existing = null;
            for (JsonNode candidate : target) {
                if (candidate.path("name").equals(item.path("name"))) {
                    existing = candidate;
                }
            }
            if (existing instanceof ObjectNode into) {
                merge(into, (ObjectNode) item, file);
            } else {
                target.add(item.deepCopy());
            }
        }
    }

    /** A list whose items all have a name: containers, env, ports, volumes (merged by name in Kubernetes' types). */
    private static boolean named(ArrayNode list) {
        for (JsonNode item : list) {
            if (!item.isObject() || !item.path("name").isTextual()) {
                return false;
            }
        }
        return true;
    }
}
