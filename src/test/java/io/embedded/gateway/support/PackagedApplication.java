package io.embedded.gateway.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The application that {@code ./mvnw verify} packaged, as Quarkus recorded it in
 * {@code target/quarkus-artifact.properties} (the same file {@code @QuarkusIntegrationTest} reads): the fast jar, or with
 * {@code -Dnative} the native executable. Tests that start the application themselves start whichever was built, so
 * they prove the product that ships; tests that inspect the jar's entries run only when there is a jar.
 */
public final class PackagedApplication {

    private static final Path TARGET = Path.of("target");

    private PackagedApplication() {
    }

    /** Whether the build produced the native executable (then there is no fast jar to inspect). */
    public static boolean isNative() {
        return "native".equals(artifact().getProperty("type"));
    }

    /** For {@code @EnabledIf}: the build produced the fast jar. */
    public static boolean isJar() {
        return !isNative();
    }

    /**
     * The command that starts the packaged application with {@code options} ({@code -Dname=value} system properties,
     * which the JVM and a Quarkus native executable both accept, before any program argument). On the JVM, C1 only:
     * the suite starts many short-lived instances, and C2 compiling at startup nearly doubles the CPU each start costs
     * (7.7 s to 4.1 s of CPU until ready, measured on the development machine); the benchmark harness, which measures,
     * runs the image's own options. The native executable runs as it ships.
     */
    public static List<String> command(String... options) {
        Path packaged = TARGET.resolve(artifact().getProperty("path"));
        List<String> command = new ArrayList<>();
        if (isNative()) {
            command.add(packaged.toAbsolutePath().toString());
            command.addAll(List.of(options));
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-XX:TieredStopAtLevel=1");
            command.addAll(List.of(options));
            command.addAll(List.of("-jar", packaged.toString()));
        }
        return command;
    }

    /** The status the application answers {@code uri} with, or -1 while nothing answers (starting, or gone). */
    public static int status(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Properties artifact() {
        Path file = TARGET.resolve("quarkus-artifact.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("No packaged application: run ./mvnw verify (or package) first", e);
        }
        return properties;
    }
}
