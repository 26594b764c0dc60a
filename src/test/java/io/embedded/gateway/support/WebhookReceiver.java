package io.embedded.gateway.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A partner's webhook receiver in its own process ({@code e2e/webhooks/receiver.mjs}, Node): it verifies every delivery
 * with the reference {@code standardwebhooks} npm package, unchanged, so the gateway's signatures are checked by code
 * that is not the gateway's. It records each delivery, and can be told to fail (answer 500) and to recover.
 */
public final class WebhookReceiver implements AutoCloseable {

    static final Path DIRECTORY = Path.of("e2e", "webhooks");

    private final Process process;
    private final int port;
    private final String secret;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    private WebhookReceiver(Process process, int port, String secret) {
        this.process = process;
        this.port = port;
        this.secret = secret;
    }

    /** A fresh Standard Webhooks secret: {@code whsec_} and 32 random bytes in base64. */
    public static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /**
     * Starts a receiver verifying with {@code secret}, on a free port. Needs {@code npm ci} in e2e (the build runs it).
     */
    public static WebhookReceiver start(String secret) {
        if (!Files.isDirectory(Path.of("e2e", "node_modules", "standardwebhooks"))) {
            throw new IllegalStateException("e2e has no node_modules: run `npm ci` there (the build does)");
        }
        try {
            ProcessBuilder builder = new ProcessBuilder("node", "receiver.mjs").directory(DIRECTORY.toFile())
                    .redirectErrorStream(true);
            builder.environment().put("WEBHOOK_SECRET", secret);
            builder.environment().put("PORT", "0");
            Process process = builder.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("LISTENING ")) {
                process.destroyForcibly();
                throw new IllegalStateException("the webhook receiver did not start: " + line);
            }
            // Keep reading its output, so it never blocks on a full pipe.
            Thread drain = new Thread(() -> out.lines().forEach(ignored -> {
            }), "webhook-receiver-output");
            drain.setDaemon(true);
            drain.start();
            return new WebhookReceiver(process, Integer.parseInt(line.substring("LISTENING ".length()).trim()), secret);
        } catch (IOException e) {
            throw new UncheckedIOException("node is needed for the webhook receiver", e);
        }
    }

    /** Where the gateway delivers: {@code gateway.events.webhook-url}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/webhook";
    }

    public String secret() {
        return secret;
    }

    /** Every delivery so far, oldest first: {@code webhookId}, {@code verified}, {@code status}, {@code event}, ... */
    public List<JsonNode> deliveries() {
        List<JsonNode> deliveries = new ArrayList<>();
        control("GET", "/deliveries").forEach(deliveries::add);
        return deliveries;
    }

    /** Deliveries of {@code webhookId}. */
    public List<JsonNode> deliveriesOf(String webhookId) {
        return deliveries().stream().filter(delivery -> webhookId.equals(delivery.path("webhookId").asText())).toList();
    }

    /** Verified deliveries about {@code sourceId}. */
    public List<JsonNode> verifiedAbout(String sourceId) {
        return deliveries().stream().filter(delivery -> delivery.path("verified").asBoolean())
                .filter(delivery -> sourceId.equals(delivery.path("event").path("data").path("sourceId").asText()))
                .toList();
    }

    /** From now on, answer 500 to every verified delivery. */
    public void fail() {
        control("POST", "/fail");
    }

    /** Answer 204 again. */
    public void recover() {
        control("POST", "/recover");
    }

    /** Forget the deliveries and answer 204. */
    public void reset() {
        control("POST", "/reset");
    }

    private JsonNode control(String method, String path) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            return answer.body().isEmpty() ? json.createObjectNode() : json.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
