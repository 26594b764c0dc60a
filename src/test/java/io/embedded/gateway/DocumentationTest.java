package io.embedded.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.embedded.gateway.errors.ProblemType;
import io.embedded.gateway.support.ConfigMappingWalker;

/**
 * The documentation a newcomer reads stays true to the repository: links resolve, nothing points outside it, the
 * front page stays a front page with the two commands CI runs, every problem type is in its error table, and the
 * {@code docker run} examples set what the default jwt mode requires, with variables the application reads.
 */
class DocumentationTest {

    static final Path README = Path.of("README.md");
    static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    static final Pattern MACHINE_PATH = Pattern
            .compile("(/work/|/usr/lib/jvm|/home/\\w|/tmp/x\\b|\\.\\./shared|\\bshared/[\\w-]+\\.md)");

    @Test
    void shouldKeepTheReadmeAFrontPageWithTheTwoCommands() throws IOException {
        List<String> lines = Files.readAllLines(README);
        assertThat(lines).as("README.md lines").hasSizeLessThanOrEqualTo(150);
        assertThat(lines).anyMatch(line -> line.startsWith("./mvnw quarkus:dev"))
                .anyMatch(line -> line.startsWith("./mvnw verify"));
    }

    @Test
    void shouldKeepTheOperatorsGuideShortWithTheRunbookOnItsOwnPage() throws IOException {
        // An operator reads it whole before the first deployment; details live on the pages it links.
        assertThat(Files.readAllLines(Path.of("docs", "operations.md"))).as("docs/operations.md lines")
                .hasSizeLessThanOrEqualTo(250);
        assertThat(Files.readString(Path.of("docs", "runbook.md"))).startsWith("# Runbook");
    }

    @Test
    void shouldResolveEveryRelativeLinkAndAnchor() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path document : documents()) {
            Matcher link = LINK.matcher(Files.readString(document));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http(s), mailto: checked by readers, not here (no network in CI)
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? document : document.resolveSibling(file).normalize();
                if (!resolved.normalize().toAbsolutePath().startsWith(Path.of("").toAbsolutePath())
                        || !Files.exists(resolved)) {
                    broken.add(document + ": " + target + " (no such file in the repository)");
                } else if (anchor != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
                    broken.add(document + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void shouldNameNoFileOutsideTheRepositoryAndNoMachinePath() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path document : documents()) {
            List<String> lines = Files.readAllLines(document);
            for (int i = 0; i < lines.size(); i++) {
                if (MACHINE_PATH.matcher(lines.get(i)).find()) {
                    found.add(document + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void shouldListEveryProblemTypeInTheReadmeErrorTable() throws IOException {
        String readme = Files.readString(README);
        for (ProblemType type : ProblemType.values()) {
            String slug = type.type().substring(type.type().lastIndexOf(':') + 1);
            assertThat(readme).as("README error table lists %s", slug).contains("`" + slug + "`");
        }
    }

    @Test
    void shouldGiveDockerRunExamplesEverySettingTheDefaultModeNeeds() throws Exception {
        Set<String> known = new HashSet<>();
        ConfigMappingWalker.properties().forEach(p -> {
            String env = ConfigMappingWalker.environmentVariable(p.name());
            if (env != null) {
                known.add(env);
            }
        });
        int examples = 0;
        for (Path document : documents()) {
            for (String block : codeBlocks(Files.readString(document))) {
                if (!block.contains("docker run")) {
                    continue;
                }
                examples++;
                Set<String> set = new HashSet<>();
                Matcher env = Pattern.compile("-e\\s+([A-Z][A-Z0-9_]*)=").matcher(block);
                while (env.find()) {
                    set.add(env.group(1));
                }
                assertThat(set).as("docker run in %s", document).contains("GATEWAY_ALLOWED_ORIGINS", "AIRBYTE_CLIENT_ID",
                        "AIRBYTE_CLIENT_SECRET", "GATEWAY_IDENTITY_JWT_ISSUER", "GATEWAY_IDENTITY_JWT_AUDIENCE");
                if (!set.contains("GATEWAY_IDENTITY_MODE")) {
                    assertThat(set).as("docker run in %s: jwt mode needs keys", document)
                            .containsAnyOf("GATEWAY_IDENTITY_JWT_JWKS_URL", "GATEWAY_IDENTITY_JWT_PUBLIC_KEY");
                }
                for (String name : set) {
                    assertThat(known.contains(name) || name.startsWith("QUARKUS_"))
                            .as("%s in a docker run example of %s is read by the application", name, document).isTrue();
                }
            }
        }
        assertThat(examples).as("docker run examples checked").isPositive();
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        documents.add(Path.of("deploy", "k8s", "README.md"));
        return documents.stream().filter(Files::exists).toList();
    }

    /** GitHub's heading anchors: lower case, punctuation other than hyphens dropped, spaces as hyphens. */
    private static Set<String> anchors(Path document) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(document)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.startsWith("#")) {
                String text = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
                anchors.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    private static List<String> codeBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher block = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }
}
