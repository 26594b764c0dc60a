package io.embedded.gateway.standin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * An in-process stand-in for Airbyte's API, for dev mode and tests; never part of the packaged application. It speaks
 * the documented contract (see {@code docs/airbyte-contract.md}); faults are injected as WireMock stubs that take
 * precedence over it, and every request is journaled so tests can count upstream calls.
 */
public final class AirbyteStandIn implements AutoCloseable {

    public static final String OPERATOR_TOKEN_PATH = "/api/v1/account/applications/token";
    public static final String WIDGET_TOKEN_PATH = "/api/v1/account/applications/widget-token";
    public static final String SCOPED_TOKEN_PATH = "/api/v1/account/applications/scoped-token";
    public static final String SOURCE_TEMPLATES_PATH = StandInSources.TEMPLATES_PATH;
    public static final String CONNECTORS_PATH = StandInSources.CONNECTORS_PATH;
    /** Seeded templates: GitHub (tags dev, pro), HubSpot (crm, pro), Postgres (database), Salesforce (crm). */
    public static final String GITHUB_TEMPLATE = StandInSources.GITHUB;
    public static final String HUBSPOT_TEMPLATE = StandInSources.HUBSPOT;
    public static final String POSTGRES_TEMPLATE = StandInSources.POSTGRES;
    public static final String SALESFORCE_TEMPLATE = StandInSources.SALESFORCE;

    private final WireMockServer server;
    private final StandInApi api;

    private AirbyteStandIn(WireMockServer server, StandInApi api) {
        this.server = server;
        this.api = api;
    }

    /** Starts a stand-in on {@code port} (0 picks a free one) that accepts exactly these client credentials. */
    public static AirbyteStandIn start(int port, String clientId, String clientSecret) {
        StandInApi api = new StandInApi(clientId, clientSecret);
        WireMockServer server = new WireMockServer(options().port(port).bindAddress("127.0.0.1").extensions(api)
                .containerThreads(64).asynchronousResponseEnabled(true));
        server.start();
        api.baseUrl("http://127.0.0.1:" + server.port());
        var standIn = new AirbyteStandIn(server, api);
        standIn.installContract();
        return standIn;
    }

    /** The base URL to configure as {@code airbyte.api-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The WireMock server, for fault stubs ({@code stubFor(...)} at a priority below 100) and request counting. */
    public WireMockServer wireMock() {
        return server;
    }

    /** Forgets faults, the request journal and settings; operator tokens issued so far stay valid until they expire. */
    public void reset() {
        server.resetAll();
        api.reset();
        installContract();
    }

    /** Number of operator-token exchanges received since the last reset. */
    public int operatorTokenCalls() {
        return calls(OPERATOR_TOKEN_PATH);
    }

    /** Number of widget-token requests received (at the current path) since the last reset. */
    public int widgetTokenCalls() {
        return calls(WIDGET_TOKEN_PATH);
    }

    /** Number of POSTs received at {@code path} since the last reset. */
    public int calls(String path) {
        return server.findAll(postRequestedFor(urlPathEqualTo(path))).size();
    }

    /** Every request received since the last reset, oldest first. */
    public List<LoggedRequest> requests() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()));
    }

    /** Number of source creates ({@code POST} to the connectors path) received since the last reset. */
    public int createSourceCalls() {
        return calls(CONNECTORS_PATH);
    }

    /** Names of the sources the stand-in holds for {@code workspaceName}, oldest first. */
    public List<String> sourceNames(String workspaceName) {
        return api.sources().sourceNames(workspaceName);
    }

    /**
     * Creates a source in {@code workspaceName} from the seeded template {@code templateId} as a user would in the
     * widget, without the gateway; answers its id.
     */
    public String createSourceInWidget(String workspaceName, String templateId) {
        api.workspace(workspaceName);
        return api.sources().createInWidget(workspaceName, templateId);
    }

    /** Lifetime of operator tokens issued from now on. */
    public void operatorTokenLifetime(Duration lifetime) {
        api.operatorTokenLifetime(lifetime);
    }

    /**
     * Answers {@code expires_in: claimed} with operator tokens whose JWT {@code exp} stays at their real lifetime, as
     * Airbyte has done (900 s claimed, 180 s real).
     */
    public void claimedOperatorTokenLifetime(Duration claimed) {
        api.claimedOperatorTokenLifetime(claimed);
    }

    /** Deletes every workspace: source creates answer 404 until a widget or scoped token recreates the workspace. */
    public void deleteWorkspaces() {
        api.deleteWorkspaces();
    }

    /** Makes every operator token issued so far invalid, as Airbyte does when an application's tokens are revoked. */
    public void revokeOperatorTokens() {
        api.revokeOperatorTokens();
    }

    /** Answers a missing or invalid bearer with 401 (the documented default) or 403 (what FastAPI sends). */
    public void unauthorizedStatus(int status) {
        api.unauthorizedStatus(status);
    }

    /** From now on, replaces a {@code rate} share of answers (0..1) with random faults, reproducibly for a {@code seed}. */
    public void randomFaults(double rate, long seed) {
        api.chaos(new StandInChaos(rate, seed));
    }

    /** The workspace id Airbyte would assign to {@code workspaceName}. */
    public String workspaceId(String workspaceName) {
        return api.workspace(workspaceName);
    }

    @Override
    public void close() {
        server.stop();
    }

    private void installContract() {
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().withTransformers(StandInApi.NAME)));
    }

}
