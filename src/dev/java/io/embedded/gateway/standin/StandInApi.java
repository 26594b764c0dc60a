package io.embedded.gateway.standin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * The stateful part of the stand-in, written to the contract in {@code docs/airbyte-contract.md}: operator tokens that
 * expire, a bearer check, get-or-create workspaces by name, and widget and scoped tokens shaped like Airbyte's.
 * Runs as a WireMock transformer, so tests can still override any path with a fault stub and count requests.
 */
final class StandInApi implements ResponseDefinitionTransformerV2 {

    static final String NAME = "airbyte-standin";
    static final String WIDGET_PAGE_PATH = "/embedded-widget";

    private final ObjectMapper json = new ObjectMapper();
    /** Workspaces got-or-created by widget and scoped tokens; source creates need one. */
    private final Set<String> workspaceNames = ConcurrentHashMap.newKeySet();
    private final StandInSources sources = new StandInSources(json, workspaceNames::contains);
    private final Clock clock = Clock.systemUTC();
    private final StandInJwt jwt;
    private final String clientId;
    private final String clientSecret;
    private final String organizationId = UUID.randomUUID().toString();
    private final String applicationUserId = UUID.randomUUID().toString();
    private final Map<String, Instant> operatorTokens = new ConcurrentHashMap<>();
    private final Set<String> scopedTokens = ConcurrentHashMap.newKeySet();
    /** Names of the workspaces above by id, so that sources the widget creates land in the right workspace. */
    private final Map<String, String> workspaceNamesById = new ConcurrentHashMap<>();
    private final StandInWidgetPage widgetPage = new StandInWidgetPage(json, this::isIssuedScopedToken,
            (workspaceId, source) -> {
                String name = workspaceNamesById.get(workspaceId);
                if (name != null) {
                    sources.add(name, (com.fasterxml.jackson.databind.node.ObjectNode) source);
                }
            });
    private volatile String baseUrl = "http://localhost";
    private volatile Duration operatorTokenLifetime = Duration.ofMinutes(15);
    /** The expires_in answered with operator tokens when it differs from their JWT exp (null: it does not). */
    private volatile Duration claimedOperatorTokenLifetime;
    private volatile Duration scopedTokenLifetime = Duration.ofMinutes(20);
    private volatile int unauthorizedStatus = 401;
    private volatile StandInChaos chaos = StandInChaos.NONE;

    StandInApi(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.jwt = new StandInJwt(json, key);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        var fault = chaos.maybeFault();
        if (fault.isPresent()) {
            return fault.get();
        }
        ResponseDefinition answer = answer(serveEvent.getRequest());
        // Keep a delay a test put on the stub, so "slow but otherwise correct" answers can be scripted.
        Integer delay = serveEvent.getResponseDefinition().getFixedDelayMilliseconds();
        return delay == null ? answer : ResponseDefinitionBuilder.like(answer).withFixedDelay(delay).build();
    }

    private ResponseDefinition answer(Request request) {
        String path = request.getUrl().split("\\?", 2)[0];
        String method = request.getMethod().getName();
        if (StandInWidgetPage.serves(path)) {
            return widgetPage.handle(method, path, request);
        }
        return switch (method + " " + path) {
            case "POST /api/v1/account/applications/token", "POST /v1/applications/token" -> issueOperatorToken(request);
            case "POST /api/v1/account/applications/widget-token", "POST /api/v1/embedded/widget-token" ->
                authorized(request, () -> widgetToken(request));
            case "POST /api/v1/account/applications/scoped-token", "POST /api/v1/embedded/scoped-token" ->
                authorized(request, () -> scopedToken(request));
            default -> sources.handles(method, path) ? authorized(request, () -> sources.answer(request, method, path))
                    : error(404, "Not Found");
        };
    }

    private ResponseDefinition issueOperatorToken(Request request) {
        JsonNode body = bodyOf(request);
        if (body == null || !clientId.equals(body.path("client_id").asText(null))
                || !clientSecret.equals(body.path("client_secret").asText(null))) {
            return error(403, "Invalid client credentials");
        }
        Duration lifetime = operatorTokenLifetime;
        Instant expiresAt = clock.instant().plus(lifetime);
        String token = jwt.sign(claims("iss", baseUrl, "sub", applicationUserId, "typ", "io.airbyte.auth.application",
                "jti", UUID.randomUUID().toString(), "exp", expiresAt.getEpochSecond()));
        operatorTokens.put(token, expiresAt);
        Duration claimed = claimedOperatorTokenLifetime == null ? lifetime : claimedOperatorTokenLifetime;
        return ok(claims("access_token", token, "token_type", "bearer", "expires_in", Math.max(1, claimed.toSeconds()),
                "organization_id", organizationId));
    }

    private ResponseDefinition widgetToken(Request request) {
        JsonNode body = bodyOf(request);
        ResponseDefinition missing = requireFields(body, "workspace_name", "allowed_origin");
        if (missing != null) {
            return missing;
        }
        String workspaceId = workspace(body.get("workspace_name").asText());
        String origin = body.get("allowed_origin").asText();
        String widgetUrl = baseUrl + WIDGET_PAGE_PATH + "?workspaceId=" + workspaceId + "&allowedOrigin="
                + URLEncoder.encode(origin, StandardCharsets.UTF_8);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("token", scopedJwt(workspaceId));
        payload.put("widgetUrl", widgetUrl);
        try {
            return ok(claims("token", Base64.getEncoder().encodeToString(json.writeValueAsBytes(payload))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ResponseDefinition scopedToken(Request request) {
        JsonNode body = bodyOf(request);
        ResponseDefinition missing = requireFields(body, "workspace_name");
        if (missing != null) {
            return missing;
        }
        return ok(claims("token", scopedJwt(workspace(body.get("workspace_name").asText()))));
    }

    /** A workspace-scoped JWT with the claims of Airbyte's embedded tokens (docs/airbyte-contract.md). */
    private String scopedJwt(String workspaceId) {
        String token = jwt.sign(claims("aud", "airbyte-server", "sub", applicationUserId,
                "io.airbyte.auth.workspace_scope", Map.of("workspaceId", workspaceId),
                "act", Map.of("sub", UUID.randomUUID().toString()), "roles", List.of("EMBEDDED_END_USER"),
                "iss", baseUrl, "typ", "io.airbyte.auth.embedded_v1",
                "exp", clock.instant().plus(scopedTokenLifetime).getEpochSecond()));
        scopedTokens.add(token);
        return token;
    }

    /** Get-or-create by name: the same name always yields the same id, even across restarts. */
    String workspace(String name) {
        workspaceNames.add(name);
        String id = UUID.nameUUIDFromBytes(("workspace:" + name).getBytes(StandardCharsets.UTF_8)).toString();
        workspaceNamesById.put(id, name);
        return id;
    }

    private ResponseDefinition authorized(Request request, java.util.function.Supplier<ResponseDefinition> handler) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            return unauthorizedStatus == 403 ? error(403, "Not authenticated")
                    : error(401, "Invalid authentication credentials");
        }
        Instant expiresAt = operatorTokens.get(header.substring("Bearer ".length()));
        if (expiresAt == null || !expiresAt.isAfter(clock.instant())) {
            return unauthorizedStatus == 403 ? error(403, "Not authenticated")
                    : error(401, "Invalid authentication credentials");
        }
        return handler.get();
    }

    private ResponseDefinition requireFields(JsonNode body, String... fields) {
        List<Map<String, Object>> missing = new java.util.ArrayList<>();
        for (String field : fields) {
            if (body == null || !body.path(field).isTextual() || body.path(field).asText().isBlank()) {
                missing.add(claims("loc", List.of("body", field), "msg", "field required", "type", "value_error.missing"));
            }
        }
        return missing.isEmpty() ? null : json(422, claims("detail", missing));
    }

    private JsonNode bodyOf(Request request) {
        try {
            JsonNode node = json.readTree(request.getBodyAsString());
            return node != null && node.isObject() ? node : null;
        } catch (Exception notJson) {
            return null;
        }
    }

    private static Map<String, Object> claims(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private ResponseDefinition ok(Object body) {
        return json(200, body);
    }

    /** Errors in the shape Airbyte declares ({@code ApiErrorResponse}); clients must tolerate others too. */
    private ResponseDefinition error(int status, String message) {
        return json(status, claims("message", message, "errors", List.of()));
    }

    private ResponseDefinition json(int status, Object body) {
        try {
            return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                    .withBody(json.writeValueAsString(body)).build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    void operatorTokenLifetime(Duration lifetime) {
        this.operatorTokenLifetime = lifetime;
    }

    void claimedOperatorTokenLifetime(Duration claimed) {
        this.claimedOperatorTokenLifetime = claimed;
    }

    void unauthorizedStatus(int status) {
        this.unauthorizedStatus = status;
    }

    void chaos(StandInChaos chaos) {
        this.chaos = chaos;
    }

    void revokeOperatorTokens() {
        operatorTokens.clear();
    }

    boolean isIssuedScopedToken(String token) {
        return scopedTokens.contains(token);
    }

    StandInSources sources() {
        return sources;
    }

    /** Deletes every workspace, as an operator could at Airbyte: creates in them answer 404 until a mint recreates them. */
    void deleteWorkspaces() {
        workspaceNames.clear();
    }

    /** Back to the documented defaults. Issued operator tokens and workspaces stay, as they would at Airbyte. */
    void reset() {
        sources.reset();
        scopedTokens.clear();
        operatorTokenLifetime = Duration.ofMinutes(15);
        claimedOperatorTokenLifetime = null;
        unauthorizedStatus = 401;
        chaos = StandInChaos.NONE;
    }
}
