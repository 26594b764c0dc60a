package io.embedded.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The packaged application carries none of the Airbyte stand-in: neither its classes (in {@code src/dev}, compiled into
 * the application only by {@code quarkus:dev}) nor WireMock, which the stand-in ran on until it moved to bare Vert.x and
 * which must not come back through a test dependency. Runs on the fast jar only: a native build packages no fast jar to
 * inspect.
 */
@EnabledIf(value = "io.embedded.gateway.support.PackagedApplication#isJar", disabledReason = "a native build has no fast jar to inspect")
class PackagingIT {

    private static final Path APP = Path.of("target", "quarkus-app");

    @Test
    void shouldShipNoStandInClasses() throws IOException {
        List<String> standInEntries = new ArrayList<>();
        for (Path jar : jars(APP.resolve("app"))) {
            try (JarFile file = new JarFile(jar.toFile())) {
                file.stream().filter(entry -> !entry.isDirectory()).map(java.util.jar.JarEntry::getName)
                        .filter(name -> name.contains("/standin/"))
                        .forEach(standInEntries::add);
            }
        }
        assertThat(jars(APP.resolve("app"))).isNotEmpty();
        assertThat(standInEntries).isEmpty();
    }

    @Test
    void shouldShipNoWireMock() throws IOException {
        assertThat(jars(APP.resolve("lib"))).extracting(jar -> jar.getFileName().toString()).isNotEmpty()
                .noneMatch(name -> name.contains("wiremock"));
    }

    private static List<Path> jars(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.toString().endsWith(".jar")).toList();
        }
    }
}
