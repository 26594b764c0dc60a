package io.embedded.gateway.standin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Operator tokens: the client-credentials exchange (several client ids may share the secret), tokens that expire or
 * are revoked, and the bearer check in front of every other call (401 by default, 403 as FastAPI sends).
 */
final class StandInOperatorTokens {

    static final String PATH = "/api/v1/account/applications/token";
    /** The exchange's older path, still in Airbyte's docs. */
    static final String LEGACY_PATH = "/v1/applications/token";

    private final Set<String> clientIds;
    private final String clientSecret;
    private final String applicationUserId;
    private final StandInSettings settings;
    private final StandInStats stats;
    private final StandInJwt jwt = new StandInJwt();
    private final Clock clock = Clock.systemUTC();
    private final String organizationId = UUID.randomUUID().toString();
    private final Map<String, Instant> expiryByToken = new ConcurrentHashMap<>();

    StandInOperatorTokens(StandInOptions options, String applicationUserId, StandInSettings settings, StandInStats stats) {
        this.clientIds = options.clientIds();
        this.clientSecret = options.clientSecret();
        this.applicationUserId = applicationUserId;
        this.settings = settings;
        this.stats = stats;
    }

    StandInAnswer exchange(StandInRequest request) {
        JsonNode body = StandInJson.object(request.body());
        String clientId = body == null ? null : body.path("client_id").asText(null);
        if (clientId == null || !clientIds.contains(clientId)
                || !clientSecret.equals(body.path("client_secret").asText(null))) {
            return StandInJson.error(403, "Invalid client credentials");
        }
        Duration lifetime = settings.operatorTokenLifetime;
        Instant expiresAt = clock.instant().plus(lifetime);
        String token = jwt.sign(StandInJson.map("iss", settings.baseUrl, "sub", applicationUserId, "typ",
                "io.airbyte.auth.application", "jti", UUID.randomUUID().toString(), "exp", expiresAt.getEpochSecond()));
        expiryByToken.put(token, expiresAt);
        stats.tokenIssued(clientId);
        Duration claimed = settings.claimedOperatorTokenLifetime == null ? lifetime : settings.claimedOperatorTokenLifetime;
        return StandInJson.answer(200, StandInJson.map("access_token", token, "token_type", "bearer", "expires_in",
                Math.max(1, claimed.toSeconds()), "organization_id", organizationId));
    }

    /** Runs {@code handler} for a bearer this stand-in issued and that has neither expired nor been revoked. */
    StandInAnswer authorized(StandInRequest request, Supplier<StandInAnswer> handler) {
        String header = request.header("Authorization");
        Instant expiresAt = header != null && header.startsWith("Bearer ")
                ? expiryByToken.get(header.substring("Bearer ".length()))
                : null;
        if (expiresAt == null || !expiresAt.isAfter(clock.instant())) {
            stats.rejected();
            return settings.unauthorizedStatus == 403 ? StandInJson.error(403, "Not authenticated")
                    : StandInJson.error(401, "Invalid authentication credentials");
        }
        return handler.get();
    }

    /** As Airbyte does when an application's tokens are revoked: every token issued so far stops working. */
    void revokeAll() {
        expiryByToken.clear();
    }
}
