package io.embedded.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.embedded.gateway.support.ConfigMappingWalker;
import io.embedded.gateway.support.ConfigMappingWalker.MappedProperty;
import io.smallrye.config.ConfigMapping;

/**
 * Keeps deploy/k8s honest about the application: the Deployment's ports and probes are the ones the application
 * serves, every environment variable it sets is one the application reads (at runtime), and every property the
 * application requires in prod is provided; and no overlay runs more than one replica on the per-pod memory store.
 * Driven by the code: the {@code @ConfigMapping} interfaces, our application.properties and the Quarkus configuration
 * model that each extension jar ships.
 * <p>
 * Plain JUnit over the raw manifests, resolved into what each overlay renders by {@link RenderedOverlay} where the
 * overlays matter; .ci/k8s-validate.sh renders them with kubectl and schema-checks them. YAML is read with
 * jackson-dataformat-yaml, which the application already has through quarkus-smallrye-openapi (a test-scoped
 * declaration would drop it from the runtime class path).
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("deploy", "k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /**
     * Quarkus defaults of build-time settings whose documentation model ships only in deployment jars, which are not
     * on the test class path. Values set in application.properties still win, so overriding them is caught.
     */
    private static final Map<String, String> BUILD_TIME_DEFAULTS = Map.of(
            "quarkus.smallrye-health.root-path", "health",
            "quarkus.smallrye-health.liveness.path", "live",
            "quarkus.smallrye-health.readiness.path", "ready",
            "quarkus.smallrye-health.startup.path", "started");

    private static Properties properties;
    private static QuarkusConfigModel quarkusModel;
    private static List<MappedProperty> mapped;
    private static JsonNode container;

    @BeforeAll
    static void load() throws Exception {
        properties = new Properties();
        try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        quarkusModel = QuarkusConfigModel.load();
        mapped = ConfigMappingWalker.properties();
        JsonNode deployment = YAML.readTree(K8S.resolve("base/deployment.yaml").toFile());
        JsonNode containers = deployment.at("/spec/template/spec/containers");
        assertThat(containers).as("containers of base/deployment.yaml").hasSize(1);
        container = containers.get(0);
    }

    @Test
    void shouldDeclareExactlyTheApiAndManagementPorts() {
        Map<String, Integer> ports = containerPorts();
        assertThat(ports).containsExactlyInAnyOrderEntriesOf(Map.of(
                "http", Integer.parseInt(prodValue("quarkus.http.port")),
                "management", Integer.parseInt(prodValue("quarkus.management.port"))));
        assertThat(prodValue("quarkus.management.enabled")).isEqualTo("true");
    }

    @Test
    void shouldProbeTheHealthEndpointsOnTheManagementPort() {
        String root = trimSlashes(prodValue("quarkus.management.root-path"));
        String health = trimSlashes(prodValue("quarkus.smallrye-health.root-path"));
        Map<String, String> expected = Map.of(
                "startupProbe", prodValue("quarkus.smallrye-health.startup.path"),
                "readinessProbe", prodValue("quarkus.smallrye-health.readiness.path"),
                "livenessProbe", prodValue("quarkus.smallrye-health.liveness.path"));
        expected.forEach((probe, leaf) -> {
            JsonNode get = container.at("/" + probe + "/httpGet");
            assertThat(get.path("path").asText()).as(probe + " path")
                    .isEqualTo("/" + root + "/" + health + "/" + trimSlashes(leaf));
            assertThat(resolvePort(get.path("port"))).as(probe + " port")
                    .isEqualTo(Integer.parseInt(prodValue("quarkus.management.port")));
        });
    }

    @Test
    void shouldRouteTheServiceToTheApiPortOnly() throws IOException {
        JsonNode service = YAML.readTree(K8S.resolve("base/service.yaml").toFile());
        for (JsonNode port : service.at("/spec/ports")) {
            assertThat(resolvePort(port.path("targetPort"))).as("Service targetPort")
                    .isEqualTo(Integer.parseInt(prodValue("quarkus.http.port")));
        }
    }

    @Test
    void shouldSetOnlyEnvironmentVariablesTheApplicationReadsAtRuntime() throws IOException {
        Map<String, Pattern> ours = mapped.stream()
                .collect(Collectors.toMap(MappedProperty::name, p -> envPattern(p.name()), (a, b) -> a));
        for (String env : deploymentEnvNames()) {
            boolean application = ours.values().stream().anyMatch(p -> p.matcher(env).matches());
            if (application) {
                continue;
            }
            assertThat(env).as("%s is neither an application property (%s) nor a Quarkus one", env, ours.keySet())
                    .startsWith("QUARKUS_");
            List<QuarkusConfigModel.Property> quarkus = quarkusModel.matching(env);
            assertThat(quarkus).as("%s names no property of the Quarkus extensions on the class path", env).isNotEmpty();
            assertThat(quarkus).as("%s is fixed at build time, so setting it in the Deployment has no effect", env)
                    .anyMatch(p -> p.phase().equals("RUN_TIME"));
        }
    }

    @Test
    void shouldProvideEveryPropertyTheApplicationRequiresInProd() throws IOException {
        Set<String> provided = deploymentEnvNames();
        List<String> missing = mapped.stream()
                .filter(MappedProperty::required)
                .filter(p -> prodValueOrNull(p.name()) == null)
                .filter(p -> provided.stream().noneMatch(env -> envPattern(p.name()).matcher(env).matches()))
                .map(MappedProperty::name)
                .toList();
        assertThat(missing).as("required in prod, without default, and not set by deploy/k8s").isEmpty();
        // Sanity: the scan found the mappings we know of, so an empty result above means something.
        assertThat(mapped).extracting(MappedProperty::name)
                .contains("gateway.allowed-origins", "airbyte.client-id", "airbyte.client-secret");
    }

    @Test
    void shouldTakeCredentialsFromTheSecretNeverTheConfigMap() throws IOException {
        for (String key : configMapKeys()) {
            assertThat(key).as("ConfigMap key").doesNotContainPattern("SECRET|PASSWORD|TOKEN|CLIENT_ID");
        }
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().matches(".*(SECRET|PASSWORD|TOKEN).*")) {
                assertThat(env.at("/valueFrom/secretKeyRef").isObject()).as(env.path("name").asText()).isTrue();
            }
            assertThat(env.has("value")).as("%s has a literal value in the manifest", env.path("name").asText()).isFalse();
        }
    }

    /** The replica policy ({@link #mostReplicasAllowed}) holds for the base and every overlay. */
    @Test
    void shouldRunMoreThanOneReplicaOnlyOnTheSharedStore() throws IOException {
        assertThat(applicationDefault("gateway.state.store")).as("the default store").isEqualToIgnoringCase("memory");
        Map<String, Integer> most = new TreeMap<>();
        for (Path kustomization : kustomizations()) {
            most.put(K8S.relativize(kustomization).toString(), mostReplicasAllowed(kustomization));
        }
        // Not vacuous: the renderings above included both layouts.
        assertThat(most).as("the most replicas each kustomization may run").containsEntry("overlays/prod", 10)
                .containsEntry("overlays/prod-single", 1).containsEntry("overlays/dev", 1).containsEntry("base", 1);
    }

    /** Proves the policy bites, on overlays of the real manifests written to a temporary directory. */
    @Test
    void shouldRefuseAFleetOnTheMemoryStoreAndADrainBlockingBudget(@TempDir Path dir) throws IOException {
        String base = K8S.resolve("base").toAbsolutePath().toString();
        Path replicas = overlay(dir.resolve("replicas"), base, "apps/v1", "Deployment", "spec:\n  replicas: 2\n");
        assertThatThrownBy(() -> mostReplicasAllowed(replicas)).hasMessageContaining("up to 2 replicas on the memory store");
        Path hpa = overlay(dir.resolve("hpa"), K8S.resolve("overlays/prod").toAbsolutePath().toString(), "v1", "ConfigMap",
                "data:\n  GATEWAY_STATE_STORE: memory\n");
        assertThatThrownBy(() -> mostReplicasAllowed(hpa)).hasMessageContaining("up to 10 replicas on the memory store");
        Path share = overlay(dir.resolve("share"), K8S.resolve("overlays/prod").toAbsolutePath().toString(), "v1",
                "ConfigMap", "data:\n  GATEWAY_STATE_REDIS_FALLBACK_REPLICAS: \"3\"\n");
        assertThatThrownBy(() -> mostReplicasAllowed(share)).hasMessageContaining("within the limit at 10 replicas");
        Path pdb = dir.resolve("pdb");
        Files.createDirectories(pdb);
        Files.writeString(pdb.resolve("kustomization.yaml"), "resources:\n  - " + base + "\n  - pdb.yaml\n");
        Files.writeString(pdb.resolve("pdb.yaml"), """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata:
                  name: airbyte-embedded-gateway
                spec:
                  minAvailable: 1
                """);
        assertThatThrownBy(() -> mostReplicasAllowed(pdb)).hasMessageContaining("blocks every node drain");
    }

    /** An overlay of {@code base} with one strategic-merge patch of the gateway's object of that kind. */
    private static Path overlay(Path dir, String base, String apiVersion, String kind, String spec) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kustomization.yaml"),
                "resources:\n  - " + base + "\npatches:\n  - path: patch.yaml\n");
        String name = kind.equals("ConfigMap") ? "airbyte-embedded-gateway-config" : "airbyte-embedded-gateway";
        Files.writeString(dir.resolve("patch.yaml"),
                "apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata:\n  name: " + name + "\n" + spec);
        return dir;
    }

    /**
     * The most replicas a kustomization's Deployment may run (its replicas or its HPA's maxReplicas), after checking
     * the replica policy: more than one replica only on the shared store (the memory store, the default, keeps rate
     * limits and Idempotency-Key records per pod), with a fallback share that keeps the fleet within every limit while
     * Redis is down; and no PodDisruptionBudget that forbids every eviction (minAvailable 1 on a single replica blocks
     * node drains). .ci/k8s-validate checks the same on kubectl's rendering.
     */
    private static int mostReplicasAllowed(Path kustomization) throws IOException {
        String where = kustomization.startsWith(K8S) ? K8S.relativize(kustomization).toString() : kustomization.toString();
        RenderedOverlay rendered = RenderedOverlay.of(kustomization);
        List<ObjectNode> deployments = rendered.ofKind("Deployment");
        assertThat(deployments).as("Deployments rendered by %s", where).hasSize(1);
        ObjectNode deployment = deployments.get(0);
        List<ObjectNode> hpas = rendered.ofKind("HorizontalPodAutoscaler");
        for (ObjectNode hpa : hpas) {
            assertThat(hpa.at("/spec/scaleTargetRef/kind").asText() + "/" + hpa.at("/spec/scaleTargetRef/name").asText())
                    .as("%s: what the HPA scales", where)
                    .isEqualTo("Deployment/" + deployment.at("/metadata/name").asText());
        }
        int replicas = deployment.at("/spec/replicas").asInt(1);
        int most = Math.max(replicas, hpas.stream().mapToInt(h -> h.at("/spec/maxReplicas").asInt()).max().orElse(0));
        int fewest = hpas.isEmpty() ? replicas
                : hpas.stream().mapToInt(h -> h.at("/spec/minReplicas").asInt(1)).min().getAsInt();
        String store = setting(rendered, deployment, "gateway.state.store");
        if (most > 1) {
            assertThat(store).as("%s runs up to %d replicas on the %s store: every rate limit would be per pod and "
                    + "Idempotency-Key records unshared; use GATEWAY_STATE_STORE=redis or one replica", where, most,
                    store).isEqualToIgnoringCase("redis");
        }
        if ("redis".equalsIgnoreCase(store)) {
            assertThat(setting(rendered, deployment, "gateway.state.redis.fallback-replicas"))
                    .as("%s: each pod's share while Redis is down must keep the fleet within the limit at %d replicas",
                            where, most)
                    .isEqualTo(String.valueOf(most));
            assertThat(setting(rendered, deployment, "quarkus.redis.hosts")).as("%s: the Redis address", where)
                    .startsWith("redis");
            assertThat(gatewayContainer(deployment).path("env")).as("%s: Redis's password from a Secret", where)
                    .anyMatch(e -> e.path("name").asText().equals("QUARKUS_REDIS_PASSWORD")
                            && e.at("/valueFrom/secretKeyRef").isObject());
            assertThat(gatewayContainer(deployment).path("env"))
                    .as("%s: the key callers are hashed under in Redis keys, from a Secret", where)
                    .anyMatch(e -> e.path("name").asText().equals("GATEWAY_STATE_REDIS_KEY_HASH_KEY")
                            && e.at("/valueFrom/secretKeyRef").isObject());
        }
        for (ObjectNode pdb : rendered.ofKind("PodDisruptionBudget")) {
            assertThat(disruptionsAllowed(pdb.path("spec"), fewest))
                    .as("%s: the PodDisruptionBudget lets no pod of %d be evicted, so it blocks every node drain", where,
                            fewest)
                    .isPositive();
        }
        return most;
    }

    // --- manifests ---

    private static Map<String, Integer> containerPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        return ports;
    }

    private static int resolvePort(JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        Integer resolved = containerPorts().get(port.asText());
        assertThat(resolved).as("named port %s is declared by the container", port.asText()).isNotNull();
        return resolved;
    }

    /** The base and every overlay: each directory of deploy/k8s that kubectl kustomize can render. */
    private static List<Path> kustomizations() throws IOException {
        List<Path> found = new ArrayList<>(List.of(K8S.resolve("base")));
        try (Stream<Path> overlays = Files.list(K8S.resolve("overlays"))) {
            overlays.filter(dir -> Files.isRegularFile(dir.resolve("kustomization.yaml"))).sorted().forEach(found::add);
        }
        return found;
    }

    private static JsonNode gatewayContainer(JsonNode deployment) {
        for (JsonNode c : deployment.at("/spec/template/spec/containers")) {
            if (c.path("name").asText().equals(container.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no container " + container.path("name") + " in " + deployment.at("/metadata/name"));
    }

    /**
     * What the gateway container reads for a property: a literal env entry, or the ConfigMap key it references, else
     * its envFrom ConfigMaps (the last one holding it wins), else the application's own prod default.
     */
    private static String setting(RenderedOverlay rendered, JsonNode deployment, String property) {
        Pattern name = envPattern(property);
        JsonNode gateway = gatewayContainer(deployment);
        for (JsonNode env : gateway.path("env")) {
            if (name.matcher(env.path("name").asText()).matches()) {
                if (env.has("value")) {
                    return env.path("value").asText();
                }
                JsonNode ref = env.at("/valueFrom/configMapKeyRef");
                assertThat(ref.isObject()).as("%s is neither a literal nor a ConfigMap key, so no test can read it",
                        env.path("name").asText()).isTrue();
                return configMapData(rendered, ref.path("name").asText()).path(ref.path("key").asText()).asText(null);
            }
        }
        String value = null;
        for (JsonNode from : gateway.path("envFrom")) {
            String prefix = from.path("prefix").asText("");
            if (from.has("configMapRef")) {
                JsonNode data = configMapData(rendered, from.at("/configMapRef/name").asText());
                for (Iterator<String> keys = data.fieldNames(); keys.hasNext();) {
                    String key = keys.next();
                    if (name.matcher(prefix + key).matches()) {
                        value = data.path(key).asText();
                    }
                }
            }
        }
        return value != null ? value : applicationDefault(property);
    }

    private static JsonNode configMapData(RenderedOverlay rendered, String name) {
        ObjectNode configMap = rendered.get("ConfigMap", name);
        assertThat(configMap).as("ConfigMap %s is rendered", name).isNotNull();
        return configMap.path("data");
    }

    /** How many of {@code pods} a PodDisruptionBudget lets a drain evict (percentages rounded up, as Kubernetes does). */
    private static int disruptionsAllowed(JsonNode spec, int pods) {
        if (spec.has("maxUnavailable")) {
            return scaled(spec.path("maxUnavailable"), pods);
        }
        if (spec.has("minAvailable")) {
            return pods - scaled(spec.path("minAvailable"), pods);
        }
        return pods;
    }

    private static int scaled(JsonNode value, int pods) {
        String text = value.asText();
        return text.endsWith("%") ? (int) Math.ceil(Integer.parseInt(text.substring(0, text.length() - 1)) * pods / 100.0)
                : Integer.parseInt(text);
    }

    /** Names set by the container's env plus every ConfigMap key of the base and the overlays' ConfigMap patches. */
    private static Set<String> deploymentEnvNames() throws IOException {
        Set<String> names = new TreeSet<>(configMapKeys());
        container.path("env").forEach(e -> names.add(e.path("name").asText()));
        assertThat(container.at("/envFrom/0/configMapRef/name").asText()).isEqualTo("airbyte-embedded-gateway-config");
        return names;
    }

    private static Set<String> configMapKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode> readValues(file.toFile()).readAll()) {
                    if ("ConfigMap".equals(doc.path("kind").asText())) {
                        doc.path("data").fieldNames().forEachRemaining(keys::add);
                    }
                }
            }
        }
        return keys;
    }

    // --- configuration ---

    /** SmallRye's environment-variable form of a property name; {@code *} (a map key) matches any segment. */
    static Pattern envPattern(String property) {
        String[] parts = property.split("\\*", -1);
        String regex = Stream.of(parts).map(p -> Pattern.quote(p.replaceAll("[^A-Za-z0-9]", "_").toUpperCase()))
                .collect(Collectors.joining("[A-Z0-9_]+"));
        return Pattern.compile(regex);
    }

    /** The value in the prod profile: ours from application.properties, else the Quarkus default. */
    private static String prodValue(String name) {
        String value = prodValueOrNull(name);
        assertThat(value).as("%s has neither a value in application.properties nor a Quarkus default", name).isNotNull();
        return value;
    }

    private static String prodValueOrNull(String name) {
        String value = properties.getProperty("%prod." + name, properties.getProperty(name));
        if (value != null) {
            return value;
        }
        value = quarkusModel.defaultValue(name);
        return value != null ? value : BUILD_TIME_DEFAULTS.get(name);
    }

    /** The prod value from application.properties or Quarkus, else the {@code @WithDefault} of our mapping. */
    private static String applicationDefault(String name) {
        String value = prodValueOrNull(name);
        if (value != null) {
            return value;
        }
        return mapped.stream().filter(p -> p.name().equals(name)).map(MappedProperty::defaultValue)
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static String trimSlashes(String path) {
        return path.replaceAll("^/+|/+$", "");
    }

    /** The configuration documentation model each Quarkus extension jar ships (META-INF/quarkus-config-doc). */
    record QuarkusConfigModel(List<Property> properties) {

        record Property(String name, String env, String phase, String defaultValue, Pattern envPattern) {
        }

        static QuarkusConfigModel load() throws IOException {
            ObjectMapper json = new ObjectMapper();
            List<Property> all = new ArrayList<>();
            Enumeration<URL> models = KubernetesManifestsTest.class.getClassLoader()
                    .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json");
            for (URL url : Collections.list(models)) {
                try (Reader reader = new InputStreamReader(url.openStream(),
                        StandardCharsets.UTF_8)) {
                    collect(json.readTree(reader), all);
                }
            }
            assertThat(all).as("Quarkus configuration models on the test class path").isNotEmpty();
            return new QuarkusConfigModel(all);
        }

        private static void collect(JsonNode node, List<Property> into) {
            JsonNode path = node.path("path");
            if (path.isObject() && path.has("property") && path.has("environmentVariable")) {
                String name = path.path("property").asText();
                // Map keys ("name") and list indexes ([*]) become wildcards.
                String wildcarded = name.replaceAll("\"[^\"]*\"", "*").replaceAll("\\[[^]]*]", "*");
                String def = node.hasNonNull("defaultValue") ? node.path("defaultValue").asText() : null;
                into.add(new Property(name, path.path("environmentVariable").asText(), node.path("phase").asText(),
                        def, envPattern(wildcarded)));
            }
            node.forEach(child -> collect(child, into));
        }

        List<Property> matching(String env) {
            return properties.stream().filter(p -> p.env().equals(env) || p.envPattern().matcher(env).matches())
                    .toList();
        }

        String defaultValue(String name) {
            return properties.stream().filter(p -> p.name().equals(name) && p.defaultValue() != null)
                    .map(Property::defaultValue).findFirst().orElse(null);
        }
    }
}
