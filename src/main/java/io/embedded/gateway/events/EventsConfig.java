package io.embedded.gateway.events;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Verified completion events: a signed webhook (Standard Webhooks) to the partner's backend for every source a user
 * connects, through the API or in the widget. Off unless {@link #webhookUrl()} is set.
 */
@ConfigMapping(prefix = "gateway.events")
public interface EventsConfig {

    /**
     * The partner backend's URL that receives the {@code source.created} webhooks (env {@code GATEWAY_EVENTS_WEBHOOK_URL});
     * http or https. Unset, the feature is off and {@code POST /api/airbyte/events} answers 404.
     */
    Optional<URI> webhookUrl();

    /**
     * The signing secret, in the Standard Webhooks form {@code whsec_<base64 of at least 24 random bytes>} (env
     * {@code GATEWAY_EVENTS_WEBHOOK_SECRET}, from a Secret); required when {@code webhook-url} is set, shared with the
     * receiver. Never logged.
     */
    Optional<String> webhookSecret();

    /**
     * Waits between the attempts of one delivery, comma-separated: the first attempt is at once, a failed one is
     * repeated after each of these in turn, and after the last the event is kept as failed. The default is the Standard
     * Webhooks schedule (8 attempts over about 28 hours).
     */
    @WithDefault("5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retryDelays();

    /** Longest wait for the receiver's answer to one attempt; no answer in time counts as a failed attempt. */
    @WithDefault("10s")
    Duration deliveryTimeout();

    /** How often each instance looks for events that are due (new ones are tried at once by the instance storing them). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Most deliveries one instance runs at once. */
    @WithDefault("16")
    @Min(1)
    @Max(256)
    int maxConcurrentDeliveries();
}
