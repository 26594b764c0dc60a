package io.embedded.gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the packaged application (jar or native) started as a pod would be: configured only by the given
 * environment, seeing one processor (the Deployment's CPU limit), on free ports, its output in {@link #log()}
 * ({@link TestLogs}: where {@code LogHygieneIT} reads it).
 */
public record GatewayProcess(Process process, int port, int management, Path log) {

    /** What a CPU limit of 1 makes both the JVM and the native executable see; each accepts the option. */
    private static final String ONE_PROCESSOR = "-XX:ActiveProcessorCount=1";

    /** Starts an instance; none of this JVM's {@code GATEWAY_}, {@code AIRBYTE_} or {@code QUARKUS_} variables leak in. */
    public static GatewayProcess start(Class<?> testClass, Map<String, String> environment) throws IOException {
        int port = AirbyteStandInResource.freePort();
        int management = AirbyteStandInResource.freePort();
        Path log = TestLogs.next(testClass);
        ProcessBuilder builder = new ProcessBuilder(PackagedApplication.command(ONE_PROCESSOR)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("GATEWAY_") || key.startsWith("AIRBYTE_")
                || key.startsWith("QUARKUS_"));
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
        return new GatewayProcess(builder.start(), port, management, log);
    }

    public URI api(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public URI readiness() {
        return URI.create("http://127.0.0.1:" + management + "/q/health/ready");
    }

    public void awaitReady() {
        HttpClient client = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).until(() -> PackagedApplication.status(client, readiness()) == 200);
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
