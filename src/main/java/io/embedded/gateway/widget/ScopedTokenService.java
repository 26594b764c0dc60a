package io.embedded.gateway.widget;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.client.AirbyteApiClient;
import io.embedded.gateway.client.AirbyteException;
import io.embedded.gateway.client.JwtClaims;
import io.embedded.gateway.client.ScopedTokenRequest;
import io.embedded.gateway.identity.CallerIdentity;
import io.embedded.gateway.origin.GatewayConfig;
import io.embedded.gateway.sources.Workspaces;
import io.embedded.gateway.token.OperatorTokenService;
import io.smallrye.mutiny.Uni;

/**
 * Mints a scoped token for the caller's workspace: the bearer a partner's own UI uses for that workspace's integrations.
 * The workspace and expiry come from the JWT's {@code io.airbyte.auth.workspace_scope} and {@code exp} claims; Airbyte
 * documents the token as opaque, so a token without them still works, with the configured fallback lifetime and no id.
 * A token in the widget's base64 {@code {token, widgetUrl}} wrapping is unwrapped, as the product docs describe.
 */
@ApplicationScoped
public class ScopedTokenService {

    private final OperatorTokenService operatorTokens;
    private final AirbyteApiClient airbyte;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration fallbackLifetime;
    private final Workspaces workspaces;

    ScopedTokenService(OperatorTokenService operatorTokens, AirbyteApiClient airbyte, ObjectMapper json, Clock clock,
            GatewayConfig config, Workspaces workspaces) {
        this.workspaces = workspaces;
        this.operatorTokens = operatorTokens;
        this.airbyte = airbyte;
        this.json = json;
        this.clock = clock;
        this.fallbackLifetime = config.widget().fallbackLifetime();
    }

    public Uni<ScopedToken> mint(CallerIdentity caller) {
        var request = new ScopedTokenRequest(caller.workspaceName());
        return operatorTokens.withToken(token -> airbyte.createScopedToken(token, request)).map(this::decode)
                .invoke(minted -> workspaces.exists(caller.workspaceName(), minted.workspaceId()));
    }

    ScopedToken decode(String token) {
        Instant now = clock.instant();
        String jwt = unwrap(token);
        Optional<JwtClaims> claims = JwtClaims.of(json, jwt);
        Instant expiresAt = claims.flatMap(JwtClaims::expiry).orElseGet(() -> now.plus(fallbackLifetime));
        if (!expiresAt.isAfter(now)) {
            throw AirbyteException.badResponse("scoped token is already expired");
        }
        String workspaceId = claims.flatMap(JwtClaims::workspaceId).orElse(null);
        return new ScopedToken(jwt, workspaceId, expiresAt);
    }

    private String unwrap(String token) {
        if (token.startsWith("eyJ0b2tlbiI6")) {
            JsonNode wrapped = read(Base64.getMimeDecoder().decode(token.replace('-', '+').replace('_', '/')));
            if (wrapped.path("token").isTextual()) {
                return wrapped.path("token").asText();
            }
        }
        return token;
    }

    private JsonNode read(byte[] bytes) {
        try {
            JsonNode node = json.readTree(new String(bytes, StandardCharsets.UTF_8));
            return node != null && node.isObject() ? node : json.createObjectNode();
        } catch (java.io.IOException | IllegalArgumentException unreadable) {
            return json.createObjectNode();
        }
    }
}
