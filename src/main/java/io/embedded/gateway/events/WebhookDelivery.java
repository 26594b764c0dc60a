package io.embedded.gateway.events;

import java.net.URI;
import java.time.Duration;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * One attempt to deliver one event: a signed {@code POST} to the webhook URL, bounded by the delivery timeout. Answers
 * the receiver's status, or 0 when it could not be reached or did not answer in time; never fails.
 */
final class WebhookDelivery {

    private final URI url;
    private final Duration timeout;
    private final WebhookSigner signer;
    private final HttpClient client;

    /** {@code connections}: as many as deliveries may run at once ({@code max-concurrent-deliveries}). */
    WebhookDelivery(URI url, Duration timeout, WebhookSigner signer, int connections, Vertx vertx) {
        this.url = url;
        this.timeout = timeout;
        this.signer = signer;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .setSsl("https".equalsIgnoreCase(url.getScheme())).setVerifyHost(true)
                .setKeepAlive(true).setMaxPoolSize(connections));
    }

    /** Sends {@code event} signed at {@code timestampSeconds}; the receiver's status, or 0 without one. */
    Uni<Integer> send(StoredEvent event, long timestampSeconds) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url.toString())
                .putHeader("Content-Type", "application/json")
                .putHeader("webhook-id", event.webhookId())
                .putHeader("webhook-timestamp", Long.toString(timestampSeconds))
                .putHeader("webhook-signature", signer.signature(event.webhookId(), timestampSeconds, event.body()))
                .putHeader("User-Agent", "airbyte-embedded-gateway")
                .setIdleTimeout(timeout.toMillis());
        return Uni.createFrom().deferred(() -> client.request(request))
                .flatMap(sent -> sent.send(Buffer.buffer(event.body())))
                // The answer's body is of no interest: drain it so the connection can be reused.
                .flatMap(response -> response.end().replaceWith(response.statusCode()))
                .ifNoItem().after(timeout).fail()
                .onFailure().recoverWithItem(0);
    }

    void close() {
        client.closeAndForget();
    }
}
