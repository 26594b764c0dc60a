package io.embedded.gateway.support;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a {@link WebhookReceiver} and turns the gateway's source events on, pointed at it, with the retry schedule
 * shrunk to milliseconds (through configuration only). Inject it with {@link InjectWebhookReceiver}.
 */
public class WebhookReceiverResource implements QuarkusTestResourceLifecycleManager {

    /** Seven attempts: at once, then after 200 ms six times; failed about 1.2 s after it was stored. */
    public static final String RETRY_DELAYS = "200ms,200ms,200ms,200ms,200ms,200ms";
    public static final int ATTEMPTS = 7;

    private WebhookReceiver receiver;

    @Override
    public Map<String, String> start() {
        receiver = WebhookReceiver.start(WebhookReceiver.newSecret());
        Map<String, String> config = new HashMap<>();
        config.put("gateway.events.webhook-url", receiver.url());
        config.put("gateway.events.webhook-secret", receiver.secret());
        config.put("gateway.events.retry-delays", RETRY_DELAYS);
        config.put("gateway.events.poll-interval", "100ms");
        config.put("gateway.events.delivery-timeout", "2s");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(receiver,
                new TestInjector.AnnotatedAndMatchesType(InjectWebhookReceiver.class, WebhookReceiver.class));
    }

    @Override
    public void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }
}
