package io.embedded.gateway.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.client.AirbyteApi.Listing;
import io.embedded.gateway.client.AirbyteApi.OperatorTokenAnswer;
import io.embedded.gateway.client.AirbyteApi.TokenAnswer;
import io.quarkus.logging.Log;

/** Checks that Airbyte's typed answers hold what we need; anything missing is a {@code BAD_RESPONSE}, never retried. */
final class AirbyteAnswers {

    private final ObjectMapper json;
    private final Clock clock;

    AirbyteAnswers(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    OperatorToken operatorToken(OperatorTokenAnswer answer) {
        if (answer == null || isBlank(answer.accessToken())) {
            throw AirbyteException.badResponse("operator token answer without access_token");
        }
        JsonNode expiresIn = answer.expiresIn();
        Duration lifetime;
        if (expiresIn != null && expiresIn.canConvertToLong() && expiresIn.asLong() > 0) {
            lifetime = Duration.ofSeconds(expiresIn.asLong());
        } else {
            // Airbyte documents 15 minutes; without expires_in we assume it rather than fail every request.
            lifetime = Duration.ofMinutes(15);
            Log.warnf("Airbyte's operator token answer has no usable expires_in; assuming %s", lifetime);
        }
        Instant now = clock.instant();
        Optional<Instant> jwtExpiry = JwtClaims.expiry(json, answer.accessToken());
        if (jwtExpiry.isPresent() && jwtExpiry.get().isBefore(now.plus(lifetime))) {
            // Airbyte has answered expires_in: 900 for a JWT whose exp was 180 s later; its API checks the exp.
            lifetime = Duration.between(now, jwtExpiry.get());
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw AirbyteException.badResponse("operator token already expired");
            }
        }
        Log.debugf("Obtained an operator token valid for %s", lifetime);
        return new OperatorToken(answer.accessToken(), now.plus(lifetime), lifetime);
    }

    String token(TokenAnswer answer) {
        if (answer == null || isBlank(answer.token())) {
            throw AirbyteException.badResponse("answer without token");
        }
        return answer.token();
    }

    List<JsonNode> data(Listing answer) {
        if (answer == null || answer.data() == null) {
            throw AirbyteException.badResponse("answer without data array");
        }
        return answer.data();
    }

    JsonNode object(JsonNode answer) {
        if (answer == null || !answer.isObject()) {
            throw AirbyteException.badResponse("not a JSON object");
        }
        return answer;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
