package io.embedded.gateway.client;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.CustomBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;

/**
 * The one door to Airbyte's API. Owns fault tolerance and turns every upstream outcome into a parsed value or an
 * {@link AirbyteException}. The policy common to every operation is declared once, here: a deadline, retries of
 * transient failures only (honouring Airbyte's {@code Retry-After}), and a breaker that Airbyte's refusals do not trip.
 * Each operation adds only its breaker's name and its bulkhead; {@code createSource} also its own retry predicate, which
 * SmallRye requires to come with its own {@code @Retry}. Numbers are defaults; {@code application.properties}
 * sets the breaker delay once for the class and documents how to override the rest.
 */
@ApplicationScoped
@Timeout(10_000)
@Retry(maxRetries = 2, delay = 200, jitter = 0, maxDuration = 10_000)
@CustomBackoff(RetryAfterBackoff.class)
@RetryWhen(exception = IsTransient.class)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10_000, skipOn = AirbyteException.RefusedByAirbyte.class)
public class AirbyteApiClient {

    private final AirbyteApi api;
    private final AirbyteAnswers answers;
    private final UpstreamAvailability availability;
    private final Duration longestRetryAfter;
    private final String organizationId;
    private final OperatorTokenRequest credentials;

    AirbyteApiClient(@RestClient AirbyteApi api, ObjectMapper json, Clock clock, AirbyteConfig config,
            UpstreamAvailability availability) {
        this.api = api;
        this.answers = new AirbyteAnswers(json, clock);
        this.availability = availability;
        this.longestRetryAfter = config.resilience().maxRetryAfter();
        this.organizationId = config.organizationId().orElse(null);
        this.credentials = new OperatorTokenRequest(config.clientId(), config.clientSecret());
    }

    /**
     * Exchanges our client credentials for an operator token. A 401 or 403 here means the credentials themselves are
     * wrong, which no retry or token refresh can fix; the outcome also tells readiness whether they work.
     */
    @UpstreamCall("operator-token")
    @CircuitBreakerName("airbyte-operator-token")
    @Bulkhead(value = 16, waitingTaskQueue = 64)
    public Uni<OperatorToken> issueOperatorToken() {
        return api.issueOperatorToken(organizationId, credentials)
                .onFailure().transform(this::credentialFailure)
                .map(answers::operatorToken)
                .invoke(() -> availability.credentialsRejected(false));
    }

    /** Mints a widget token; the answer is Airbyte's opaque base64 string, decoded by the caller. */
    @UpstreamCall("widget-token")
    @CircuitBreakerName("airbyte-widget-token")
    @Bulkhead(value = 64, waitingTaskQueue = 256)
    public Uni<String> createWidgetToken(OperatorToken operatorToken, WidgetTokenRequest request) {
        return classified(api.createWidgetToken(operatorToken.authorization(), organizationId, request))
                .map(answers::token);
    }

    /** Mints a workspace-scoped token (Airbyte gets or creates the workspace); the answer's {@code token}. */
    @UpstreamCall("scoped-token")
    @CircuitBreakerName("airbyte-scoped-token")
    @Bulkhead(value = 64, waitingTaskQueue = 256)
    public Uni<String> createScopedToken(OperatorToken operatorToken, ScopedTokenRequest request) {
        return classified(api.createScopedToken(operatorToken.authorization(), organizationId, request))
                .map(answers::token);
    }

    /** Lists source templates carrying the given tags, combined by {@code mode}; all templates when there are none. */
    @UpstreamCall("source-templates")
    @CircuitBreakerName("airbyte-source-templates")
    @Bulkhead(value = 32, waitingTaskQueue = 128)
    public Uni<List<JsonNode>> listSourceTemplates(OperatorToken operatorToken, List<String> tags, TagMode mode) {
        String tagsMode = tags.isEmpty() ? null : mode.wireValue();
        return classified(api.listSourceTemplates(operatorToken.authorization(), organizationId, tags, tagsMode))
                .map(answers::data);
    }

    /** One source template; Airbyte's 404 arrives as a {@code REQUEST_REJECTED} with status 404. */
    @UpstreamCall("source-template")
    @CircuitBreakerName("airbyte-source-template")
    @Bulkhead(value = 32, waitingTaskQueue = 128)
    public Uni<JsonNode> getSourceTemplate(OperatorToken operatorToken, String templateId) {
        return classified(api.getSourceTemplate(operatorToken.authorization(), organizationId, templateId))
                .map(answers::object);
    }

    /**
     * Creates a source. Not idempotent: a request that may have reached Airbyte (a 5xx, 429, reset or timeout) is never
     * repeated, since that could create a second source; only a refused connection is (see {@link NeverConnected}).
     */
    @Retry(maxRetries = 2, delay = 200, jitter = 0, maxDuration = 10_000)
    @RetryWhen(exception = NeverConnected.class)
    @UpstreamCall("create-source")
    @CircuitBreakerName("airbyte-create-source")
    @Bulkhead(value = 16, waitingTaskQueue = 64)
    public Uni<JsonNode> createSource(OperatorToken operatorToken, CreateSourceRequest request) {
        return classified(api.createSource(operatorToken.authorization(), organizationId, request)).map(answers::object);
    }

    /** Lists the sources of one workspace. */
    @UpstreamCall("list-sources")
    @CircuitBreakerName("airbyte-list-sources")
    @Bulkhead(value = 32, waitingTaskQueue = 128)
    public Uni<List<JsonNode>> listSources(OperatorToken operatorToken, String workspaceName) {
        return classified(api.listSources(operatorToken.authorization(), organizationId, workspaceName))
                .map(answers::data);
    }

    /** One attempt's outcome with every failure in our terms. */
    private <T> Uni<T> classified(Uni<T> call) {
        return call.onFailure().transform(this::classify);
    }

    /** Our exception for any failure, with long {@code Retry-After}s made non-retryable. */
    private AirbyteException classify(Throwable failure) {
        return UpstreamStatus.classify(failure).limitRetryAfter(longestRetryAfter);
    }

    private AirbyteException credentialFailure(Throwable failure) {
        AirbyteException classified = classify(failure);
        if (classified.reason() == AirbyteException.Reason.TOKEN_REJECTED) {
            availability.credentialsRejected(true);
            return AirbyteException.credentialsRejected(classified.status());
        }
        return classified;
    }
}
