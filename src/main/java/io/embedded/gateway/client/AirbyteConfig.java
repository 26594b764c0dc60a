package io.embedded.gateway.client;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.NotBlank;

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
