package io.embedded.gateway.client;

import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code exp} claim of a token that is a JWT, read without verifying it: Airbyte verifies its own tokens, and we only
 * need to stop using one before Airbyte refuses it.
 */
final class JwtExpiry {

    private JwtExpiry() {
    }

    /** When {@code token} expires, if it is a JWT with a numeric {@code exp}; empty for any other token. */
    static Optional<Instant> of(ObjectMapper json, String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode exp = json.readTree(Base64.getUrlDecoder().decode(parts[1])).path("exp");
            return exp.isNumber() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
        } catch (IOException | IllegalArgumentException notAJwt) {
            return Optional.empty();
        }
    }
}
