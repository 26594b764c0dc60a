package io.embedded.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.embedded.gateway.support.ConfigMappingWalker;
import io.embedded.gateway.support.ConfigMappingWalker.MappedProperty;
import io.smallrye.config.ConfigMapping;

/**
 * Keeps deploy/k8s honest about the application: the Deployment's ports and probes are the ones the application
 * serves, every environment variable it sets is one the application reads (at runtime), and every property the
 * application requires in prod is provided. Driven by the code: the {@code @ConfigMapping} interfaces, our
 * application.properties and the Quarkus configuration model that each extension jar ships.
 * <p>
 * Plain JUnit over the raw manifests; .ci/k8s-validate.sh renders and schema-checks the overlays. YAML is read with
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

    @Test
    void shouldShareLimitsDuringARedisOutageByTheMostReplicasTheHpaRuns() throws IOException {
        Path overlay = K8S.resolve("overlays/prod-redis");
        JsonNode config = YAML.readTree(overlay.resolve("config.yaml").toFile()).path("data");
        JsonNode hpa = YAML.readTree(K8S.resolve("overlays/prod/hpa.yaml").toFile());
        assertThat(config.path("GATEWAY_STATE_STORE").asText()).isEqualTo("redis");
        assertThat(config.path("QUARKUS_REDIS_HOSTS").asText()).startsWith("redis");
        assertThat(config.path("GATEWAY_STATE_REDIS_FALLBACK_REPLICAS").asInt())
                .as("each pod's share while Redis is down must keep the fleet within the limit at maxReplicas")
                .isEqualTo(hpa.at("/spec/maxReplicas").asInt());
        assertThat(Files.readString(overlay.resolve("deployment.yaml"))).contains("QUARKUS_REDIS_PASSWORD")
                .contains("GATEWAY_STATE_REDIS_KEY_HASH_KEY").contains("secretKeyRef");
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
