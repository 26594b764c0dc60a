package io.embedded.gateway.client;

import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The claims of a token Airbyte issued, read without verifying it: Airbyte verifies its own tokens, and we only need
 * to know which workspace one is for and when to stop using it.
 */
public final class JwtClaims {

    private JwtClaims() {
    }

    /** The claims object of {@code token}, if it is a JWT whose payload is a JSON object; empty for any other token. */
    public static Optional<JsonNode> of(ObjectMapper json, String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims != null && claims.isObject() ? Optional.of(claims) : Optional.empty();
        } catch (IOException | IllegalArgumentException notAJwt) {
            return Optional.empty();
        }
    }

    /** When {@code token} expires, if it is a JWT with a numeric {@code exp}. */
    public static Optional<Instant> expiry(ObjectMapper json, String token) {
        return of(json, token).flatMap(JwtClaims::expiry);
    }

    /** The numeric {@code exp} claim among {@code claims}, if there is one. */
    public static Optional<Instant> expiry(JsonNode claims) {
        JsonNode exp = claims.get("exp");
        return exp != null && exp.canConvertToLong() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
    }

    /** The workspace id in Airbyte's {@code io.airbyte.auth.workspace_scope} claim, if present. */
    public static Optional<String> workspaceId(JsonNode claims) {
        JsonNode workspace = claims.path("io.airbyte.auth.workspace_scope").path("workspaceId");
        return workspace.isTextual() ? Optional.of(workspace.asText()) : Optional.empty();
    }
}
