package io.embedded.gateway.client;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the gateway reaches Airbyte's API and authenticates to it. Secrets come from the environment only. */
@ConfigMapping(prefix = "airbyte")
public interface AirbyteConfig {

    /** Base URL of Airbyte's API (env {@code AIRBYTE_API_URL}). */
    @WithDefault("https://api.airbyte.ai")
    URI apiUrl();

    /** Client id of the Airbyte application (env {@code AIRBYTE_CLIENT_ID}). */
    @NotBlank
    String clientId();

    /** Client secret of the Airbyte application (env {@code AIRBYTE_CLIENT_SECRET}); never logged. */
    @NotBlank
    String clientSecret();

    /**
     * Organization sent as {@code X-Organization-Id}, needed when the application belongs to several (env
     * {@code AIRBYTE_ORGANIZATION_ID}).
     */
    Optional<String> organizationId();

    /** Upstream paths; Airbyte has renamed them several times, so they are configuration. */
    Paths paths();

    /** Operator token caching. */
    OperatorToken operatorToken();

    /** Resilience settings our code needs; the fault-tolerance annotations read the breaker delay from here too. */
    Resilience resilience();

    /** Resilience settings. */
    interface Resilience {

        /**
         * The longest {@code Retry-After} worth waiting for inside one request; a longer one fails the request at once
         * with 503 and passes the delay on. Keep it below the operation deadline.
         */
        @WithDefault("5s")
        Duration maxRetryAfter();

        /**
         * How long an open circuit breaker pauses calls, in milliseconds (wired into the breakers in application.properties).
         */
        @WithDefault("10000")
        long circuitBreakerDelayMillis();

        /** While Airbyte rejects our credentials, how often one background call checks whether they work again. */
        @WithDefault("30s")
        Duration credentialsRecheckInterval();
    }

    /** Upstream API paths, each starting with a slash. */
    interface Paths {

        /** Exchanges client credentials for an operator token. */
        @WithDefault("/api/v1/account/applications/token")
        @Pattern(regexp = "/\\S*", message = "must be a path starting with /")
        String operatorToken();

        /** Mints a widget token; the older {@code /api/v1/embedded/widget-token} also works. */
        @WithDefault("/api/v1/account/applications/widget-token")
        @Pattern(regexp = "/\\S*", message = "must be a path starting with /")
        String widgetToken();

        /** Mints a workspace-scoped token; the older {@code /api/v1/embedded/scoped-token} also works. */
        @WithDefault("/api/v1/account/applications/scoped-token")
        @Pattern(regexp = "/\\S*", message = "must be a path starting with /")
        String scopedToken();

        /** Lists source templates ({@code GET}, with {@code tags} and {@code tags_mode}); one is {@code GET <path>/{id}}. */
        @WithDefault("/api/v1/integrations/templates/sources")
        @Pattern(regexp = "/\\S*", message = "must be a path starting with /")
        String sourceTemplates();

        /** Creates ({@code POST}) and lists ({@code GET ?workspace_name=}) sources, which Airbyte calls connectors. */
        @WithDefault("/api/v1/integrations/connectors")
        @Pattern(regexp = "/\\S*", message = "must be a path starting with /")
        String connectors();
    }

    /** Operator token cache settings. */
    interface OperatorToken {

        /**
         * How long before its expiry a cached operator token is replaced. Capped at a tenth of the token's lifetime so
         * that short-lived tokens are still used.
         */
        @WithDefault("60s")
        Duration refreshMargin();
    }
}
