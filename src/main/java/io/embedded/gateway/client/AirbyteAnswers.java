package io.embedded.gateway.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;

/**
 * Airbyte's answers read, and our request bodies written, with the application's mapper. Anything unusable in a 2xx
 * answer becomes a {@code BAD_RESPONSE}, never a retryable failure.
 */
final class AirbyteAnswers {

    private final ObjectMapper json;
    private final Clock clock;

    AirbyteAnswers(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    JsonNode requiredArray(String body, String field) {
        JsonNode value = parse(body).get(field);
        if (value == null || !value.isArray()) {
            throw UpstreamStatus.badResponse("answer without " + field + " array");
        }
        return value;
    }

    OperatorToken operatorToken(String body) {
        JsonNode answer = parse(body);
        String accessToken = text(answer, "access_token");
        if (accessToken == null) {
            throw UpstreamStatus.badResponse("operator token answer without access_token");
        }
        JsonNode expiresIn = answer.get("expires_in");
        Duration lifetime;
        if (expiresIn != null && expiresIn.canConvertToLong() && expiresIn.asLong() > 0) {
            lifetime = Duration.ofSeconds(expiresIn.asLong());
        } else {
            // Airbyte documents 15 minutes; without expires_in we assume it rather than fail every request.
            lifetime = Duration.ofMinutes(15);
            Log.warnf("Airbyte's operator token answer has no usable expires_in; assuming %s", lifetime);
        }
        Instant now = clock.instant();
        Optional<Instant> jwtExpiry = JwtExpiry.of(json, accessToken);
        if (jwtExpiry.isPresent() && jwtExpiry.get().isBefore(now.plus(lifetime))) {
            // Airbyte has answered expires_in: 900 for a JWT whose exp was 180 s later; its API checks the exp.
            lifetime = Duration.between(now, jwtExpiry.get());
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw UpstreamStatus.badResponse("operator token already expired");
            }
        }
        Log.debugf("Obtained an operator token valid for %s", lifetime);
        return new OperatorToken(accessToken, now.plus(lifetime), lifetime);
    }

    String requiredText(String body, String field) {
        String value = text(parse(body), field);
        if (value == null) {
            throw UpstreamStatus.badResponse("answer without " + field);
        }
        return value;
    }

    /**
     * Serialises a request body with the application's mapper. Handing the REST client bytes skips its per-call Jackson
     * writer lookup (JSON views, reflection on the entity type), which profiling showed on the hot path.
     */
    byte[] toJson(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a " + body.getClass().getSimpleName(), e);
        }
    }

    JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw UpstreamStatus.badResponse("empty body");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw UpstreamStatus.badResponse("not a JSON object");
            }
            return node;
        } catch (java.io.IOException notJson) {
            throw UpstreamStatus.badResponse("not JSON");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
