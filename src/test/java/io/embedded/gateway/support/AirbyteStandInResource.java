package io.embedded.gateway.support;

import java.util.HashMap;
import java.util.Map;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the Airbyte stand-in on a free port and points the application at it, for {@code @QuarkusTest} and the
 * packaged {@code @QuarkusIntegrationTest} alike. Delays are shrunk here, through configuration only. One resource (one
 * configuration) for every integration test, so the packaged application is launched once.
 */
public class AirbyteStandInResource implements QuarkusTestResourceLifecycleManager {

    public static final String CLIENT_ID = "test-client-id";
    /** Distinctive so that the log-hygiene check can search every log for it. */
    public static final String CLIENT_SECRET = "tEsT-cLiEnT-sEcReT-9f2c1b7e";
    /** The header-mode proxy secret; distinctive for the log-hygiene check. */
    public static final String PROXY_SECRET = "pRoXy-sHaReD-sEcReT-0123456789abcdef";
    public static final String ORIGIN = "https://app.partner.example";
    public static final String SECOND_ORIGIN = "http://localhost:5173";
    /** Fault tolerance is declared once on the client class, so it is configured there (per-method keys would not apply). */
    public static final String CLIENT = "io.embedded.gateway.client.AirbyteApiClient";
    /** A third frontend, offering source templates tagged crm or database. */
    public static final String CRM_ORIGIN = "https://crm.partner.example";
    /** Sent inside source configurations by the tests; distinctive so that LogHygieneIT can search every log for it. */
    public static final String SOURCE_SECRET = "sEcReT-sOuRcE-vAlUe-5e8d2a";
    /** A user id a careless caller puts in the query string; LogHygieneIT fails if any log line carries it. */
    public static final String QUERY_USER_ID = "qUeRy-uSeR-iD-71c4e0";

    public static final int READ_TIMEOUT_MILLIS = 2_000;

    private static volatile int managementPort;

    private AirbyteStandIn standIn;
    private Map<String, String> initArgs = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        this.initArgs = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        standIn = AirbyteStandIn.start(0, CLIENT_ID, CLIENT_SECRET);
        Map<String, String> config = new HashMap<>();
        config.put("airbyte.api-url", standIn.baseUrl());
        config.put("airbyte.client-id", CLIENT_ID);
        // A test of a bad secret rotation gives the gateway a secret the stand-in does not accept.
        config.put("airbyte.client-secret", initArgs.getOrDefault("client-secret", CLIENT_SECRET));
        config.put("gateway.allowed-origins", ORIGIN + "," + SECOND_ORIGIN + "," + CRM_ORIGIN);
        // The core flow tests name their user in the body; identity tests choose another mode through initArgs.
        config.put("gateway.identity.mode", initArgs.getOrDefault("identity-mode", "body"));
        // The flow tests mint many tokens for one user; rate-limit tests lower these through initArgs.
        config.put("gateway.rate-limit.per-identity-limit", initArgs.getOrDefault("per-identity-limit", "100000"));
        config.put("gateway.rate-limit.global-limit", initArgs.getOrDefault("global-limit", "100000"));
        config.put("gateway.rate-limit.reads.per-identity-limit", initArgs.getOrDefault("per-identity-read-limit", "100000"));
        config.put("gateway.rate-limit.reads.global-limit", initArgs.getOrDefault("global-read-limit", "100000"));
        // The packaged app gets two fixed free ports: Quarkus 3.34.1 hangs at startup when one of the HTTP and
        // management ports is 0 and the other is not, and the IT launcher pins the HTTP port after a first run.
        config.put("quarkus.http.port", String.valueOf(freePort()));
        managementPort = freePort();
        config.put("quarkus.management.port", String.valueOf(managementPort));
        // Source-template filters: ORIGIN has none (every template), SECOND_ORIGIN crm and pro, CRM_ORIGIN crm or database.
        config.put(frontend(SECOND_ORIGIN, "source-template-tags"), "crm,pro");
        config.put(frontend(SECOND_ORIGIN, "source-template-tags-mode"), "all");
        config.put(frontend(CRM_ORIGIN, "source-template-tags"), "crm,database");
        config.put(frontend(CRM_ORIGIN, "source-template-tags-mode"), "any");
        // Tests read exported spans (TracingTest): hand them over within 50 ms rather than in 5 s batches.
        config.put("quarkus.otel.bsp.schedule.delay", "50ms");
        // Long enough for a loaded 2-core CI machine, short enough to keep the slow-answer tests quick.
        config.put("quarkus.rest-client.airbyte-api.read-timeout", String.valueOf(READ_TIMEOUT_MILLIS));
        config.put(ft(CLIENT, "retry.delay"), "10");
        config.put(ft(CLIENT, "retry.jitter"), "0");
        // createSource declares its own retry (its own predicate), so it is configured under its own key.
        config.put(ft(CLIENT + "/createSource", "retry.delay"), "10");
        // HSTS on, as where TLS ends in front of the gateway (SecurityHeadersTest); production leaves it off.
        config.put("gateway.security-headers.hsts-max-age", "365d");
        config.put("gateway.security-headers.hsts-include-subdomains", "true");
        // Breakers are exercised by their own tests; here they must not trip on the fault tests.
        config.put(ft(CLIENT, "circuit-breaker.request-volume-threshold"), "1000");
        return config;
    }

    /** The management port given to the packaged application (integration tests only; @QuarkusTest picks its own). */
    public static int managementPort() {
        return managementPort;
    }

    /** A loopback port free right now. */
    public static int freePort() {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String frontend(String origin, String property) {
        return "gateway.frontends.\"" + origin + "\"." + property;
    }

    static String ft(String operation, String property) {
        return "quarkus.fault-tolerance.\"" + operation + "\"." + property;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(standIn,
                new TestInjector.AnnotatedAndMatchesType(InjectAirbyteStandIn.class, AirbyteStandIn.class));
    }

    @Override
    public void stop() {
        if (standIn != null) {
            standIn.close();
        }
    }
}
