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
     * which the JVM and a Quarkus native executable both accept, before any program argument).
     */
    public static List<String> command(String... options) {
        Path packaged = TARGET.resolve(artifact().getProperty("path"));
        List<String> command = new ArrayList<>();
        if (isNative()) {
            command.add(packaged.toAbsolutePath().toString());
            command.addAll(List.of(options));
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(options));
            command.addAll(List.of("-jar", packaged.toString()));
        }
        return command;
    }

    /**
     * {@link #command} for a start that is meant to fail at once (a refused configuration): on the JVM with C1 only and
     * the serial collector, which halve the CPU a short-lived JVM spends compiling and collecting; the native executable
     * runs as it would anyway.
     */
    public static List<String> briefCommand(String... options) {
        List<String> command = new ArrayList<>(command(options));
        if (!isNative()) {
            command.addAll(1, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
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
