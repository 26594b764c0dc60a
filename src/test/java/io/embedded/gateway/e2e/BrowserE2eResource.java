package io.embedded.gateway.e2e;

import java.util.Map;
import java.util.UUID;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the Airbyte stand-in on a free port and points the packaged application at it, with exactly one allowed
 * frontend origin: {@code http://127.0.0.1:<partnerPort>}, where the browser test serves the partner page. Inject the
 * result into a test with a field of type {@link E2eEnvironment}.
 */
public class BrowserE2eResource implements QuarkusTestResourceLifecycleManager {

    private E2eEnvironment environment;

    @Override
    public Map<String, String> start() {
        // A fresh secret per run: the test never needs it after startup, and no log should ever contain it.
        String secret = "e2e-" + UUID.randomUUID();
        AirbyteStandIn standIn = AirbyteStandIn.start(0, "e2e-client", secret);
        environment = new E2eEnvironment(standIn, AirbyteStandInResource.freePort(), AirbyteStandInResource.freePort());
        int httpPort = AirbyteStandInResource.freePort();
        return Map.of(
                // Both ports fixed and free: Quarkus 3.34.1 hangs at startup when one of the HTTP and management ports is
                // 0 and the other is not (a micrometer meter clash), and the launcher pins the HTTP port after a first run.
                "quarkus.http.port", String.valueOf(httpPort),
                // Where the browser reaches the gateway, so that Swagger UI's "Try it out" counts as same-origin.
                "gateway.public-origin", "http://127.0.0.1:" + httpPort,
                "quarkus.management.port", String.valueOf(AirbyteStandInResource.freePort()),
                "gateway.allowed-origins", environment.partnerOrigin(),
                "airbyte.api-url", standIn.baseUrl(),
                "airbyte.client-id", "e2e-client",
                "airbyte.client-secret", secret,
                // The partner page names its user in the body; authenticated modes have their own tests.
                "gateway.identity.mode", "body");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(environment, new TestInjector.MatchesType(E2eEnvironment.class));
    }

    @Override
    public void stop() {
        if (environment != null) {
            environment.standIn().close();
        }
    }
}
