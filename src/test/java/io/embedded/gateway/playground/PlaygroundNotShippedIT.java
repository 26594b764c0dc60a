package io.embedded.gateway.playground;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.embedded.gateway.e2e.BrowserE2eResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The dev playground and the stand-in's widget pages exist in dev mode only: the packaged application has neither. */
@QuarkusIntegrationTest
@WithTestResource(BrowserE2eResource.class)
class PlaygroundNotShippedIT {

    @ParameterizedTest
    @ValueSource(strings = { "/", "/playground/config", "/playground/playground.js", "/playground/index.html" })
    void shouldNotServeThePlayground(String path) {
        given().when().get(path).then().statusCode(404);
    }

    @Test
    // The HTTP checks above run against the native executable too; this one reads the fast jar, which a native build lacks.
    @EnabledIf(value = "io.embedded.gateway.support.PackagedApplication#isJar", disabledReason = "a native build has no fast jar to inspect")
    void shouldNotPackageThePlaygroundOrTheStandInWidget() throws IOException {
        List<String> devOnly;
        try (Stream<Path> jars = Files.list(Path.of("target", "quarkus-app", "app"))) {
            List<Path> appJars = jars.filter(path -> path.toString().endsWith(".jar")).toList();
            assertThat(appJars).isNotEmpty();
            devOnly = appJars.stream().flatMap(PlaygroundNotShippedIT::entries)
                    .filter(name -> name.startsWith("playground/") || name.startsWith("standin/")
                            || name.startsWith("io/embedded/gateway/playground/")
                            || name.startsWith("io/embedded/gateway/standin/StandInWidgetPage"))
                    .toList();
        }
        assertThat(devOnly).as("dev-only resources in the packaged jar").isEmpty();
    }

    private static Stream<String> entries(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            // Directory entries carry nothing; the files in them are what must be absent.
            return file.stream().map(ZipEntry::getName).filter(name -> !name.endsWith("/")).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
