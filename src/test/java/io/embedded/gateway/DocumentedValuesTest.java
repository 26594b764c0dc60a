package io.embedded.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.embedded.gateway.events.EventsConfig;
import io.embedded.gateway.http.HttpLayerProblems;
import io.embedded.gateway.support.ConfigMappingWalker;
import io.embedded.gateway.support.ConfigMappingWalker.MappedProperty;
import io.smallrye.config.WithDefault;

/**
 * Values the prose of the docs restates (defaults, limits, delays) must be the code's: a value written beside its
 * property is checked on every page; one written without it is found in its page by a pattern below and compared with
 * the value the code or application.properties holds. Whole tables are generated instead
 * ({@code ConfigurationReferenceTest}, {@code ResilienceReferenceTest}); add a line here when prose quotes a value.
 */
class DocumentedValuesTest {

    static final Path PROPERTIES = Path.of("src", "main", "resources", "application.properties");

    /** A value the docs state: in {@code page}, {@code pattern}'s first group must read {@code expected}. */
    record DocumentedValue(String page, String pattern, String expected) {

        @Override
        public String toString() {
            return page + ": " + pattern;
        }
    }

    static List<DocumentedValue> values() throws Exception {
        Properties properties = applicationProperties();
        String templateCache = duration(
                properties.getProperty("quarkus.cache.caffeine.\"source-templates\".expire-after-write"));
        String singleTemplateCache = duration(
                properties.getProperty("quarkus.cache.caffeine.\"source-template\".expire-after-write"));
        return List.of(
                new DocumentedValue("api.md", "bodies over ([0-9]+ KiB), announced or chunked",
                        size(properties.getProperty("quarkus.http.limits.max-body-size"))),
                new DocumentedValue("api.md", "URIs over ([0-9,]+) characters",
                        String.format("%,d", HttpLayerProblems.MAX_URI_LENGTH)),
                new DocumentedValue("api.md", "headers over ([0-9]+ KiB) in all",
                        HttpLayerProblems.MAX_HEADER_BYTES / 1024 + " KiB"),
                new DocumentedValue("api.md", "a ([0-9]+ KiB) request line",
                        Integer.parseInt(properties.getProperty("quarkus.http.limits.max-initial-line-length")) / 1024
                                + " KiB"),
                new DocumentedValue("api.md", "request line, ([0-9]+ KiB) of headers",
                        size(properties.getProperty("quarkus.http.limits.max-header-size"))),
                new DocumentedValue("api.md", "\\(cached ([^ ]+ [^ ]+) per tag set\\)", templateCache),
                new DocumentedValue("api.md", "\\(the template, cached ([^ ]+ [^ ]+) per id", singleTemplateCache),
                new DocumentedValue("api.md", "answer 2xx within ([^ ]+ [^ ]+) \\(`gateway.events.delivery-timeout`\\)",
                        duration(defaultOf(EventsConfig.class, "deliveryTimeout"))),
                new DocumentedValue("api.md", "retried after (.+?) \\(`gateway.events.retry-delays`\\)",
                        delays(defaultOf(EventsConfig.class, "retryDelays"))));
    }

    @ParameterizedTest
    @MethodSource("values")
    void shouldStateTheCodesValue(DocumentedValue value) throws IOException {
        String page = Files.readString(Path.of("docs", value.page()), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        Matcher matcher = Pattern.compile(value.pattern()).matcher(page);

        assertThat(matcher.find()).as("docs/%s no longer says %s: update the page or this test", value.page(),
                value.pattern()).isTrue();
        assertThat(matcher.group(1)).as("docs/%s restates a value from the code", value.page()).isEqualTo(value.expected());
    }

    /**
     * Wherever a page writes a property followed by its value in parentheses, {@code `airbyte.resilience.max-retry-after`
     * (5 s)}, the value must be the one the application runs in production with: the property's {@code @WithDefault},
     * or what application.properties sets (its prod profile first).
     */
    @Test
    void shouldStateEachPropertysValueWhereItIsQuotedBesideIt() throws Exception {
        Properties properties = applicationProperties();
        Map<String, String> values = new HashMap<>();
        for (MappedProperty property : ConfigMappingWalker.properties()) {
            if (property.defaultValue() != null) {
                values.put(property.name(), property.defaultValue());
            }
        }
        properties.stringPropertyNames().stream().filter(name -> !name.startsWith("%"))
                .forEach(name -> values.put(name, properties.getProperty(name)));
        // The docs describe what operators run: the prod profile's values win.
        properties.stringPropertyNames().stream().filter(name -> name.startsWith("%prod."))
                .forEach(name -> values.put(name.substring("%prod.".length()), properties.getProperty(name)));
        Pattern quoted = Pattern.compile("`([a-z][a-z0-9.-]+)` \\(([0-9][^),;]*)[),;]");
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                Matcher matcher = quoted.matcher(Files.readString(page, StandardCharsets.UTF_8).replaceAll("\\s+", " "));
                while (matcher.find()) {
                    String value = values.get(matcher.group(1));
                    if (value == null || value.contains("${")) {
                        continue;
                    }
                    checked++;
                    if (!matcher.group(2).strip().equals(readable(value))) {
                        wrong.add(page.getFileName() + ": `" + matcher.group(1) + "` (" + matcher.group(2)
                                + ") but the code says "
                                + readable(value));
                    }
                }
            }
        }
        assertThat(wrong).as("values quoted beside their property").isEmpty();
        assertThat(checked).as("quoted values found").isGreaterThan(5);
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(PROPERTIES, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    /** A configured value as the docs write it: durations and sizes with units, anything else as it is. */
    static String readable(String value) {
        if (value.matches("[0-9]+[KMG]")) {
            return value.substring(0, value.length() - 1) + " " + value.charAt(value.length() - 1) + "iB";
        }
        if (value.matches("(?i)[0-9]+ms")) {
            return value.substring(0, value.length() - 2) + " ms";
        }
        if (value.matches("(?i)(PT)?[0-9]+[smhd]")) {
            return value.toLowerCase().endsWith("d") ? value.replaceAll("(?i)d$", "") + " d" : duration(value);
        }
        return value;
    }

    private static String defaultOf(Class<?> mapping, String method) throws NoSuchMethodException {
        return mapping.getMethod(method).getAnnotation(WithDefault.class).value();
    }

    /** "30s", "PT30S" or "5m" as the docs write it: "30 s", "5 min", "2 h" (seconds below two minutes). */
    static String duration(String text) {
        String iso = text.toUpperCase().startsWith("PT") ? text : "PT" + text.toUpperCase();
        Duration duration = Duration.parse(iso);
        long seconds = duration.toSeconds();
        if (seconds < 120 || seconds % 60 != 0) {
            return seconds + " s";
        }
        return seconds % 3600 == 0 ? duration.toHours() + " h" : duration.toMinutes() + " min";
    }

    /** "5s,5m,2h,10h" as the docs write it: "5 s, 5 min, 2 h and 10 h". */
    static String delays(String list) {
        List<String> each = Arrays.stream(list.split(",")).map(DocumentedValuesTest::duration).toList();
        return each.subList(0, each.size() - 1).stream().collect(Collectors.joining(", ")) + " and "
                + each.get(each.size() - 1);
    }

    /** "16K" as the docs write it: "16 KiB". */
    static String size(String text) {
        assertThat(text).endsWith("K");
        return text.substring(0, text.length() - 1) + " KiB";
    }
}
