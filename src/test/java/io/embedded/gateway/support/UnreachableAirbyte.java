package io.embedded.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.embedded.gateway.client.AirbyteApiClient;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Airbyte at a port nobody listens on, and a 1 s idle timeout: one application for the tests that need no Airbyte to
 * answer. No test here waits on Airbyte, so none keeps a connection idle for longer than that timeout.
 */
public class UnreachableAirbyte implements QuarkusTestProfile {

    /** {@code quarkus.http.idle-timeout} in this profile (production: 75 s). */
    public static final int IDLE_TIMEOUT_SECONDS = 1;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("airbyte.api-url", "http://127.0.0.1:" + closedPort(), "airbyte.client-id", "refused-client",
                "airbyte.client-secret", "refused-client-secret-value", "gateway.allowed-origins",
                "https://app.partner.example", "gateway.identity.mode", "body",
                "quarkus.fault-tolerance.\"" + AirbyteApiClient.class.getName() + "/createSource\".retry.delay", "10",
                "quarkus.http.idle-timeout", IDLE_TIMEOUT_SECONDS + "s");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
