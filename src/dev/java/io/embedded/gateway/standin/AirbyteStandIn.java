package io.embedded.gateway.standin;

import java.time.Duration;
import java.util.List;

/**
 * A stand-in for Airbyte's API on bare Vert.x, for dev mode, the tests and the benchmark; never part of the packaged
 * application. It speaks the documented contract (see {@code docs/airbyte-contract.md}); tests inject faults that take
 * precedence over it ({@link #inject}) and read a journal of every request it received ({@link #requests()}).
 */
public final class AirbyteStandIn implements AutoCloseable {

    public static final String OPERATOR_TOKEN_PATH = StandInOperatorTokens.PATH;
    public static final String WIDGET_TOKEN_PATH = StandInEmbeddedTokens.WIDGET_TOKEN_PATH;
    public static final String SCOPED_TOKEN_PATH = StandInEmbeddedTokens.SCOPED_TOKEN_PATH;
    public static final String SOURCE_TEMPLATES_PATH = StandInTemplates.PATH;
    public static final String CONNECTORS_PATH = StandInSources.PATH;
    /** Seeded templates: GitHub (tags dev, pro), HubSpot (crm, pro), Postgres (database), Salesforce (crm). */
    public static final String GITHUB_TEMPLATE = StandInTemplates.GITHUB;
    public static final String HUBSPOT_TEMPLATE = StandInTemplates.HUBSPOT;
    public static final String POSTGRES_TEMPLATE = StandInTemplates.POSTGRES;
    public static final String SALESFORCE_TEMPLATE = StandInTemplates.SALESFORCE;

    private final StandInSettings settings;
    private final StandInApi api;
    private final StandInFaults faults = new StandInFaults();
    private final StandInJournal journal;
    private final StandInServer server;

    private AirbyteStandIn(StandInOptions options) {
        StandInStats stats = new StandInStats();
        this.settings = new StandInSettings(options);
        this.api = new StandInApi(options, settings, stats);
        this.journal = new StandInJournal(options.journal());
        this.server = StandInServer.start(options.port(), options.eventLoops(),
                vertx -> new StandInExchange(vertx, api, faults, journal, stats, settings));
        settings.baseUrl = "http://127.0.0.1:" + server.port();
    }

    /** Starts a stand-in on {@code port} (0 picks a free one) that accepts exactly these client credentials. */
    public static AirbyteStandIn start(int port, String clientId, String clientSecret) {
        return start(StandInOptions.of(port, clientId, clientSecret));
    }

    public static AirbyteStandIn start(StandInOptions options) {
        return new AirbyteStandIn(options);
    }

    /** The base URL to configure as {@code airbyte.api-url}. */
    public String baseUrl() {
        return settings.baseUrl;
    }

    /**
     * Forgets faults, the journal, sources and settings, and invalidates widget and scoped tokens; operator tokens
     * issued so far stay valid until they expire, and workspaces stay, as they would at Airbyte.
     */
    public void reset() {
        faults.clear();
        journal.clear();
        api.reset();
        settings.reset();
    }

    /** From now on, requests {@code fault} catches get its answer instead of the contract's; newest fault first. */
    public StandInFault inject(StandInFault fault) {
        faults.add(fault);
        return fault;
    }

    /** Takes back a fault {@link #inject}ed earlier. */
    public void remove(StandInFault fault) {
        faults.remove(fault);
    }

    /** Every request received since the last reset or {@link #clearJournal()}, oldest first. */
    public List<StandInRequest> requests() {
        return journal.all();
    }

    /** The requests received with this method at exactly this path (any query), oldest first. */
    public List<StandInRequest> requests(String method, String path) {
        return requests().stream().filter(request -> request.method().equals(method) && request.path().equals(path))
                .toList();
    }

    /** Forgets the requests received so far, and nothing else. */
    public void clearJournal() {
        journal.clear();
    }

    /** Number of POSTs received at {@code path} since the journal was last cleared. */
    public int calls(String path) {
        return requests("POST", path).size();
    }

    /** Number of operator-token exchanges received since the journal was last cleared. */
    public int operatorTokenCalls() {
        return calls(OPERATOR_TOKEN_PATH);
    }

    /** Number of widget-token requests received (at the current path) since the journal was last cleared. */
    public int widgetTokenCalls() {
        return calls(WIDGET_TOKEN_PATH);
    }

    /** Number of source creates ({@code POST} to the connectors path) received since the journal was last cleared. */
    public int createSourceCalls() {
        return calls(CONNECTORS_PATH);
    }

    /** Names of the sources the stand-in holds for {@code workspaceName}, oldest first. */
    public List<String> sourceNames(String workspaceName) {
        return api.sources().names(workspaceName);
    }

    /**
     * Creates a source in {@code workspaceName} from the seeded template {@code templateId} as a user would in the
     * widget, without the gateway; answers its id.
     */
    public String createSourceInWidget(String workspaceName, String templateId) {
        api.workspaces().getOrCreate(workspaceName);
        return api.sources().createInWidget(workspaceName, templateId);
    }

    /** Lifetime of operator tokens issued from now on. */
    public void operatorTokenLifetime(Duration lifetime) {
        settings.operatorTokenLifetime = lifetime;
    }

    /**
     * Answers {@code expires_in: claimed} with operator tokens whose JWT {@code exp} stays at their real lifetime, as
     * Airbyte has done (900 s claimed, 180 s real).
     */
    public void claimedOperatorTokenLifetime(Duration claimed) {
        settings.claimedOperatorTokenLifetime = claimed;
    }

    /** Deletes every workspace: source creates answer 404 until a widget or scoped token recreates the workspace. */
    public void deleteWorkspaces() {
        api.workspaces().deleteAll();
    }

    /** Makes every operator token issued so far invalid, as Airbyte does when an application's tokens are revoked. */
    public void revokeOperatorTokens() {
        api.operatorTokens().revokeAll();
    }

    /** Answers a missing or invalid bearer with 401 (the documented default) or 403 (what FastAPI sends). */
    public void unauthorizedStatus(int status) {
        settings.unauthorizedStatus = status;
    }

    /** From now on, replaces a {@code rate} share of answers (0..1) with random faults, reproducibly for a {@code seed}. */
    public void randomFaults(double rate, long seed) {
        settings.chaos = new StandInChaos(rate, seed);
    }

    /** Adds {@code latency} to every answer from now on (a timer: the stand-in keeps serving meanwhile). */
    public void latency(Duration latency) {
        settings.latencyMillis = latency.toMillis();
    }

    /** The workspace id Airbyte would assign to {@code workspaceName}. */
    public String workspaceId(String workspaceName) {
        return api.workspaces().getOrCreate(workspaceName);
    }

    @Override
    public void close() {
        server.close();
    }
}
