package io.embedded.gateway.client;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.config.AirbyteConfig;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

/**
 * The one door to Airbyte's API. Owns fault tolerance (deadline, retries of transient failures only, a named breaker
 * per operation, a bulkhead) and turns every upstream outcome into a parsed value or an {@link AirbyteException}.
 * Numbers in the annotations are defaults; {@code application.properties} documents how to override them.
 */
@ApplicationScoped
public class AirbyteApiClient {

    private final AirbyteApiRestClient rest;
    private final ObjectMapper json;
    private final Clock clock;
    private final String organizationId;
    private final OperatorTokenRequest credentials;
    private final String operatorTokenUrl;
    private final String widgetTokenUrl;

    AirbyteApiClient(@RestClient AirbyteApiRestClient rest, ObjectMapper json, Clock clock, AirbyteConfig config) {
        this.rest = rest;
        this.json = json;
        this.clock = clock;
        this.organizationId = config.organizationId().orElse(null);
        this.credentials = new OperatorTokenRequest(config.clientId(), config.clientSecret());
        // Resolved once: the hot path does no config lookups or string building beyond the bearer header.
        String base = config.apiUrl().toString().replaceAll("/+$", "");
        this.operatorTokenUrl = base + config.paths().operatorToken();
        this.widgetTokenUrl = base + config.paths().widgetToken();
    }

    /**
     * Exchanges our client credentials for an operator token. A 401 or 403 here means the credentials themselves are
     * wrong, which no retry or token refresh can fix.
     */
    @Timeout(10_000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 10_000)
    @ExponentialBackoff(maxDelay = 2_000)
    @RetryWhen(exception = TransientUpstreamFailure.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10_000, skipOn = UpstreamRejectedException.class)
    @CircuitBreakerName("airbyte-operator-token")
    @Bulkhead(value = 16, waitingTaskQueue = 64)
    public Uni<OperatorToken> issueOperatorToken() {
        return rest.post(operatorTokenUrl, organizationId, credentials)
                .onFailure().transform(AirbyteApiClient::credentialFailure)
                .map(this::parseOperatorToken);
    }

    /** Mints a widget token; the answer is Airbyte's opaque base64 string, decoded by the caller. */
    @Timeout(10_000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, maxDuration = 10_000)
    @ExponentialBackoff(maxDelay = 2_000)
    @RetryWhen(exception = TransientUpstreamFailure.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10_000, skipOn = UpstreamRejectedException.class)
    @CircuitBreakerName("airbyte-widget-token")
    @Bulkhead(value = 64, waitingTaskQueue = 256)
    public Uni<String> createWidgetToken(OperatorToken operatorToken, WidgetTokenRequest request) {
        return rest.post(widgetTokenUrl, operatorToken.authorization(), organizationId, request)
                .onFailure().transform(UpstreamStatus::classify)
                .map(body -> requiredText(body, "token"));
    }

    private static AirbyteException credentialFailure(Throwable failure) {
        AirbyteException classified = UpstreamStatus.classify(failure);
        if (classified.reason() == AirbyteException.Reason.TOKEN_REJECTED) {
            return UpstreamStatus.credentialsRejected(classified.status());
        }
        return classified;
    }

    private OperatorToken parseOperatorToken(String body) {
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
        Log.debugf("Obtained an operator token valid for %s", lifetime);
        return new OperatorToken(accessToken, clock.instant().plus(lifetime), lifetime);
    }

    private String requiredText(String body, String field) {
        String value = text(parse(body), field);
        if (value == null) {
            throw UpstreamStatus.badResponse("answer without " + field);
        }
        return value;
    }

    private JsonNode parse(String body) {
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
