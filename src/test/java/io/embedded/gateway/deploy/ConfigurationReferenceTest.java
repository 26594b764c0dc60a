package io.embedded.gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.embedded.gateway.support.ConfigMappingWalker;
import io.embedded.gateway.support.ConfigMappingWalker.MappedProperty;

/**
 * docs/configuration.md cannot drift: its two tables, between their markers, are rendered here from the code (every
 * {@code @ConfigMapping} property with its environment variable, type, default, required-ness and Javadoc; every
 * Quarkus property application.properties sets, with the comment above it) and must equal the committed file. Run
 * with {@code -Ddocs.update=true} to rewrite them. application.properties holds real values only: a commented-out
 * property (a hand copy of a default, bound to drift) fails here too.
 */
class ConfigurationReferenceTest {

    static final Path REFERENCE = Path.of("docs", "configuration.md");
    static final Path PROPERTIES = Path.of("src", "main", "resources", "application.properties");
    static final Path SOURCES = Path.of("src", "main", "java");
    static final String GATEWAY_START = "<!-- generated: application properties (ConfigurationReferenceTest) -->";
    static final String QUARKUS_START = "<!-- generated: Quarkus properties we set (ConfigurationReferenceTest) -->";
    static final String END = "<!-- end of generated table -->";
    private static final Pattern COMMENTED_PROPERTY = Pattern.compile("^#\\s*%?[a-z][\\w.\"-]*(\\.[\\w\"*-]+)+\\s*=.*");

    @Test
    void shouldMatchTheCommittedReference() throws Exception {
        List<PropertyLine> lines = propertyLines();
        String committed = Files.readString(REFERENCE, StandardCharsets.UTF_8);
        String rendered = replace(replace(committed, GATEWAY_START, gatewayTable(lines)), QUARKUS_START,
                quarkusTable(lines));
        if (Boolean.getBoolean("docs.update")) {
            Files.writeString(REFERENCE, rendered, StandardCharsets.UTF_8);
        }
        assertThat(committed).as("docs/configuration.md is out of date: run ./mvnw test -Dtest=ConfigurationReferenceTest"
                + " -Ddocs.update=true and commit the result").isEqualTo(rendered);
    }

    @Test
    void shouldKeepOnlyRealValuesInApplicationProperties() throws IOException {
        List<String> commentedOut = Files.readAllLines(PROPERTIES).stream()
                .filter(line -> COMMENTED_PROPERTY.matcher(line.strip()).matches()).toList();
        assertThat(commentedOut).as("commented-out properties in application.properties: document defaults in"
                + " docs/configuration.md (generated), set real values only").isEmpty();
    }

    private static String gatewayTable(List<PropertyLine> lines) throws Exception {
        Map<String, String> javadoc = new LinkedHashMap<>();
        StringBuilder table = new StringBuilder(
                "| property | environment variable | type | default | required | description |\n|---|---|---|---|---|---|\n");
        List<MappedProperty> properties = new ArrayList<>(ConfigMappingWalker.properties());
        properties.sort(Comparator.comparing(MappedProperty::name));
        for (MappedProperty property : properties) {
            String env = ConfigMappingWalker.environmentVariable(property.name());
            String defaults = property.defaultValue() == null ? "" : code(property.defaultValue());
            String profiles = profileValues(lines, property.name(), property.defaultValue());
            String description = javadoc.computeIfAbsent(property.declaringType().getName() + "#" + property.method(),
                    key -> javadoc(property.declaringType(), property.method()));
            table.append("| ").append(code(property.name())).append(" | ").append(env == null ? "" : code(env))
                    .append(" | ").append(property.type()).append(" | ").append(join(defaults, profiles)).append(" | ")
                    .append(property.required() ? "**yes**" : "").append(" | ").append(cell(description)).append(" |\n");
        }
        return table.toString();
    }

    private static String quarkusTable(List<PropertyLine> lines) throws IOException {
        KubernetesManifestsTest.QuarkusConfigModel model = KubernetesManifestsTest.QuarkusConfigModel.load();
        Map<String, List<PropertyLine>> byName = lines.stream().filter(line -> line.name().startsWith("quarkus."))
                .collect(Collectors.groupingBy(PropertyLine::name, TreeMap::new, Collectors.toList()));
        StringBuilder table = new StringBuilder(
                "| property | environment variable | our value | Quarkus default | why |\n|---|---|---|---|---|\n");
        for (var entry : byName.entrySet()) {
            String name = entry.getKey();
            String values = entry.getValue().stream()
                    .map(line -> line.profile() == null ? code(line.value()) : line.profile() + ": " + code(line.value()))
                    .collect(Collectors.joining(", "));
            String quarkusDefault = model.defaultValue(name);
            String why = entry.getValue().stream().map(PropertyLine::comment).filter(comment -> !comment.isEmpty())
                    .collect(Collectors.joining(" "));
            table.append("| ").append(code(name)).append(" | ")
                    .append(name.contains("\"") ? "" : code(ConfigMappingWalker.environmentVariable(name))).append(" | ")
                    .append(values).append(" | ").append(quarkusDefault == null ? "" : code(quarkusDefault)).append(" | ")
                    .append(cell(why)).append(" |\n");
        }
        return table.toString();
    }

    /** Values application.properties gives {@code name} in named profiles ({@code %dev.}...), or for all profiles. */
    private static String profileValues(List<PropertyLine> lines, String name, String defaultValue) {
        Pattern pattern = Pattern.compile(Pattern.quote(name).replace("*", "\\E[^.]+\\Q"));
        return lines.stream().filter(line -> pattern.matcher(line.name()).matches())
                .filter(line -> line.profile() != null || !line.value().equals(defaultValue))
                .map(line -> (line.profile() == null ? "set" : line.profile()) + ": " + code(line.value()))
                .collect(Collectors.joining(", "));
    }

    /** The Javadoc of a mapping method, from its source file, as one line of Markdown. */
    static String javadoc(Class<?> type, String method) {
        Class<?> top = type;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        String source;
        try {
            source = Files.readString(SOURCES.resolve(top.getName().replace('.', '/') + ".java"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // Search from the declaring interface's own body, so that equally named methods of other groups are not taken.
        Matcher declaration = Pattern.compile("interface\\s+" + type.getSimpleName() + "\\b").matcher(source);
        int from = declaration.find() ? declaration.end() : 0;
        // The Javadoc, then annotations, then the return type (which may carry type annotations: List<@ValidOrigin String>).
        Matcher doc = Pattern.compile("/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*[\\w<>,.@ ?]+\\s+"
                + Pattern.quote(method) + "\\(\\)\\s*;", Pattern.DOTALL).matcher(source);
        if (!doc.find(from)) {
            return "";
        }
        String text = doc.group(1).replaceAll("(?m)^\\s*\\*\\s?", " ")
                .replaceAll("\\{@(?:code|link|linkplain) ((?:[^{}]|\\{[^{}]*})*)}", "`$1`")
                .replaceAll("</?p>", " ").replaceAll("\\s+", " ").strip();
        // {@link #perIdentityLimit()} names a sibling property: write its property name.
        Matcher sibling = Pattern.compile("`#(\\w+)\\(\\)`").matcher(text);
        return sibling.replaceAll(found -> "`" + ConfigMappingWalker.kebab(found.group(1)) + "`");
    }

    private static List<PropertyLine> propertyLines() throws IOException {
        List<PropertyLine> out = new ArrayList<>();
        List<String> comment = new ArrayList<>();
        // Join continuation lines (a trailing backslash), as java.util.Properties does.
        List<String> logical = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : Files.readAllLines(PROPERTIES)) {
            String part = pending.isEmpty() ? raw.strip() : raw.strip();
            if (!part.startsWith("#") && part.endsWith("\\")) {
                pending.append(part, 0, part.length() - 1);
                continue;
            }
            logical.add(pending.append(part).toString());
            pending.setLength(0);
        }
        for (String line : logical) {
            if (line.isEmpty() || line.matches("#+")) {
                comment.clear();
            } else if (line.startsWith("#")) {
                comment.add(line.substring(1).strip());
            } else {
                int equals = line.indexOf('=');
                String key = line.substring(0, equals).strip();
                String profile = null;
                if (key.startsWith("%")) {
                    profile = key.substring(1, key.indexOf('.'));
                    key = key.substring(key.indexOf('.') + 1);
                }
                out.add(new PropertyLine(key, profile, line.substring(equals + 1).strip(), String.join(" ", comment)));
                comment.clear();
            }
        }
        return out;
    }

    private static String replace(String document, String start, String table) {
        int from = document.indexOf(start);
        int to = document.indexOf(END, from);
        assertThat(from).as("marker %s in %s", start, REFERENCE).isNotNegative();
        assertThat(to).as("marker %s after %s in %s", END, start, REFERENCE).isPositive();
        return document.substring(0, from + start.length()) + "\n" + table + document.substring(to);
    }

    private static String join(String defaults, String profiles) {
        return defaults.isEmpty() ? profiles : profiles.isEmpty() ? defaults : defaults + " (" + profiles + ")";
    }

    private static String code(String value) {
        return value.isEmpty() ? "(empty)" : "`" + value.replace("|", "\\|") + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private record PropertyLine(String name, String profile, String value, String comment) {
    }
}
