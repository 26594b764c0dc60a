package io.embedded.gateway.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

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
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 10_000, skipOn = UpstreamRejectedException.class)
public class AirbyteApiClient {

    private final AirbyteApiRestClient rest;
    private final AirbyteAnswers answers;
    private final UpstreamAvailability availability;
    private final Duration longestRetryAfter;
    private final String organizationId;
    private final OperatorTokenRequest credentials;
    private final String operatorTokenUrl;
    private final String widgetTokenUrl;
    private final String scopedTokenUrl;
    private final String sourceTemplatesUrl;
    private final String connectorsUrl;

    AirbyteApiClient(@RestClient AirbyteApiRestClient rest, ObjectMapper json, Clock clock, AirbyteConfig config,
            UpstreamAvailability availability) {
        this.rest = rest;
        this.answers = new AirbyteAnswers(json, clock);
        this.availability = availability;
        this.longestRetryAfter = config.resilience().maxRetryAfter();
        this.organizationId = config.organizationId().orElse(null);
        this.credentials = new OperatorTokenRequest(config.clientId(), config.clientSecret());
        // Resolved once: the hot path does no config lookups or string building beyond the bearer header.
        String base = config.apiUrl().toString().replaceAll("/+$", "");
        this.operatorTokenUrl = base + config.paths().operatorToken();
        this.widgetTokenUrl = base + config.paths().widgetToken();
        this.scopedTokenUrl = base + config.paths().scopedToken();
        this.sourceTemplatesUrl = base + config.paths().sourceTemplates();
        this.connectorsUrl = base + config.paths().connectors();
    }

    /**
     * Exchanges our client credentials for an operator token. A 401 or 403 here means the credentials themselves are
     * wrong, which no retry or token refresh can fix; the outcome also tells readiness whether they work.
     */
    @UpstreamCall("operator-token")
    @CircuitBreakerName(UpstreamAvailability.OPERATOR_TOKEN_BREAKER)
    @Bulkhead(value = 16, waitingTaskQueue = 64)
    public Uni<OperatorToken> issueOperatorToken() {
        return rest.post(operatorTokenUrl, organizationId, answers.toJson(credentials))
                .onFailure().transform(this::credentialFailure)
                .map(answers::operatorToken)
                .invoke(() -> availability.credentialsRejected(false));
    }

    /** Mints a widget token; the answer is Airbyte's opaque base64 string, decoded by the caller. */
    @UpstreamCall("widget-token")
    @CircuitBreakerName(UpstreamAvailability.WIDGET_TOKEN_BREAKER)
    @Bulkhead(value = 64, waitingTaskQueue = 256)
    public Uni<String> createWidgetToken(OperatorToken operatorToken, WidgetTokenRequest request) {
        return bearerCall(
                () -> rest.post(widgetTokenUrl, operatorToken.authorization(), organizationId, answers.toJson(request)),
                body -> answers.requiredText(body, "token"));
    }

    /** Mints a workspace-scoped token (Airbyte gets or creates the workspace); the answer's {@code token}. */
    @UpstreamCall("scoped-token")
    @CircuitBreakerName(UpstreamAvailability.SCOPED_TOKEN_BREAKER)
    @Bulkhead(value = 64, waitingTaskQueue = 256)
    public Uni<String> createScopedToken(OperatorToken operatorToken, ScopedTokenRequest request) {
        return bearerCall(
                () -> rest.post(scopedTokenUrl, operatorToken.authorization(), organizationId, answers.toJson(request)),
                body -> answers.requiredText(body, "token"));
    }

    /**
     * Lists source templates carrying the given tags ({@code tags_mode} {@code any} or {@code all}); all templates when
     * {@code tags} is empty. Answers the {@code data} array.
     */
    @UpstreamCall("source-templates")
    @CircuitBreakerName(UpstreamAvailability.SOURCE_TEMPLATES_BREAKER)
    @Bulkhead(value = 32, waitingTaskQueue = 128)
    public Uni<JsonNode> listSourceTemplates(OperatorToken operatorToken, List<String> tags, TagMode mode) {
        StringBuilder url = new StringBuilder(sourceTemplatesUrl);
        if (!tags.isEmpty()) {
            url.append("?tags_mode=").append(mode.wireValue());
            tags.forEach(tag -> url.append("&tags=").append(encode(tag)));
        }
        return bearerCall(() -> rest.get(url.toString(), operatorToken.authorization(), organizationId),
                body -> answers.requiredArray(body, "data"));
    }

    /** One source template; Airbyte's 404 arrives as an {@link UpstreamRejectedException} with status 404. */
    @UpstreamCall("source-template")
    @CircuitBreakerName(UpstreamAvailability.SOURCE_TEMPLATE_BREAKER)
    @Bulkhead(value = 32, waitingTaskQueue = 128)
    public Uni<JsonNode> getSourceTemplate(OperatorToken operatorToken, String templateId) {
        String url = sourceTemplatesUrl + "/" + encode(templateId);
        return bearerCall(() -> rest.get(url, operatorToken.authorization(), organizationId), answers::parse);
    }

    /**
     * Creates a source. Not idempotent: a request that may have reached Airbyte (a 5xx, 429, reset or timeout) is never
     * repeated, since that could create a second source; only a refused connection is (see {@link NeverConnected}).
     */
    @Retry(maxRetries = 2, delay = 200, jitter = 0, maxDuration = 10_000)
    @RetryWhen(exception = NeverConnected.class)
    @UpstreamCall("create-source")
    @CircuitBreakerName(UpstreamAvailability.CREATE_SOURCE_BREAKER)
    @Bulkhead(value = 16, waitingTaskQueue = 64)
    public Uni<JsonNode> createSource(OperatorToken operatorToken, CreateSourceRequest request) {
        return bearerCall(
                () -> rest.post(connectorsUrl, operatorToken.authorization(), organizationId, answers.toJson(request)),
                answers::parse);
    }

    /** Lists the sources of one workspace; answers the {@code data} array. */
    @UpstreamCall("list-sources")
    @CircuitBreakerName(UpstreamAvailability.LIST_SOURCES_BREAKER)
    @Bulkhead(value = 32, waitingTaskQueue = 128)
    public Uni<JsonNode> listSources(OperatorToken operatorToken, String workspaceName) {
        String url = connectorsUrl + "?workspace_name=" + encode(workspaceName);
        return bearerCall(() -> rest.get(url, operatorToken.authorization(), organizationId),
                body -> answers.requiredArray(body, "data"));
    }

    /** One attempt of a call made with the operator token: failures classified, the answer read by {@code read}. */
    private <T> Uni<T> bearerCall(Supplier<Uni<String>> call, Function<String, T> read) {
        return call.get().onFailure().transform(this::classify).map(read);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Our exception for any failure, with long {@code Retry-After}s made non-retryable. */
    private AirbyteException classify(Throwable failure) {
        AirbyteException classified = UpstreamStatus.classify(failure);
        return classified instanceof UpstreamFailureException upstream ? upstream.limitRetryAfter(longestRetryAfter)
                : classified;
    }

    private AirbyteException credentialFailure(Throwable failure) {
        AirbyteException classified = classify(failure);
        if (classified.reason() == AirbyteException.Reason.TOKEN_REJECTED) {
            availability.credentialsRejected(true);
            return UpstreamStatus.credentialsRejected(classified.status());
        }
        return classified;
    }
}
