package io.embedded.gateway.standin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Widget and scoped tokens, shaped like Airbyte's (docs/airbyte-contract.md): workspace-scoped HS256 JWTs, the widget
 * token base64-wrapped with a {@code widgetUrl} pointing at the stand-in's widget page.
 */
final class StandInEmbeddedTokens {

    static final String WIDGET_TOKEN_PATH = "/api/v1/account/applications/widget-token";
    static final String SCOPED_TOKEN_PATH = "/api/v1/account/applications/scoped-token";
    /** The older paths, which the spec no longer lists (docs/airbyte-contract.md, open question 1). */
    static final String LEGACY_WIDGET_TOKEN_PATH = "/api/v1/embedded/widget-token";
    static final String LEGACY_SCOPED_TOKEN_PATH = "/api/v1/embedded/scoped-token";
    static final String WORKSPACE_SCOPE = "io.airbyte.auth.workspace_scope";

    private final String applicationUserId;
    private final StandInSettings settings;
    private final StandInWorkspaces workspaces;
    /** Replaced on reset, which is how tokens issued before a reset stop opening the widget page. */
    private volatile StandInJwt jwt = new StandInJwt();

    StandInEmbeddedTokens(String applicationUserId, StandInSettings settings, StandInWorkspaces workspaces) {
        this.applicationUserId = applicationUserId;
        this.settings = settings;
        this.workspaces = workspaces;
    }

    StandInAnswer widgetToken(StandInRequest request) {
        JsonNode body = StandInJson.object(request.body());
        StandInAnswer missing = StandInJson.requireFields(body, "workspace_name", "allowed_origin");
        if (missing != null) {
            return missing;
        }
        String workspaceId = workspaces.getOrCreate(body.get("workspace_name").asText());
        String widgetUrl = settings.baseUrl + StandInWidgetPage.PAGE + "?workspaceId=" + workspaceId + "&allowedOrigin="
                + URLEncoder.encode(body.get("allowed_origin").asText(), StandardCharsets.UTF_8);
        byte[] payload = StandInJson.bytes(StandInJson.map("token", scopedJwt(workspaceId), "widgetUrl", widgetUrl));
        return StandInJson.answer(200, Map.of("token", Base64.getEncoder().encodeToString(payload)));
    }

    StandInAnswer scopedToken(StandInRequest request) {
        JsonNode body = StandInJson.object(request.body());
        StandInAnswer missing = StandInJson.requireFields(body, "workspace_name");
        if (missing != null) {
            return missing;
        }
        return StandInJson.answer(200,
                Map.of("token", scopedJwt(workspaces.getOrCreate(body.get("workspace_name").asText()))));
    }

    /** Whether this stand-in issued {@code token} since its last reset. */
    boolean issued(String token) {
        return jwt.signed(token);
    }

    void reset() {
        jwt = new StandInJwt();
    }

    /** A workspace-scoped JWT with the claims of Airbyte's embedded tokens (docs/airbyte-contract.md). */
    private String scopedJwt(String workspaceId) {
        return jwt.sign(StandInJson.map("aud", "airbyte-server", "sub", applicationUserId, WORKSPACE_SCOPE,
                Map.of("workspaceId", workspaceId), "act", Map.of("sub", randomUuid()), "roles",
                List.of("EMBEDDED_END_USER"), "iss", settings.baseUrl, "typ", "io.airbyte.auth.embedded_v1", "exp",
                Instant.now().plus(settings.scopedTokenLifetime).getEpochSecond()));
    }

    /** A version-4 UUID from a fast generator: an actor id names nobody, and SecureRandom cost the benchmark 2 %. */
    private static String randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong() & ~0xF000L | 0x4000L, random.nextLong() & ~(3L << 62) | (2L << 62)).toString();
    }
}
