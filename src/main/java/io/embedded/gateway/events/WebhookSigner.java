package io.embedded.gateway.events;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Signs deliveries as the Standard Webhooks specification says: {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * "<webhook-id>.<webhook-timestamp>.<body>">}, keyed with the base64-decoded part of the {@code whsec_} secret. Holds the
 * key only; {@link #toString()} never shows it.
 */
final class WebhookSigner {

    static final String PREFIX = "whsec_";
    /** The specification's lower bound for a secret (192 bits). */
    static final int MIN_SECRET_BYTES = 24;
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    private WebhookSigner(byte[] key) {
        this.key = new SecretKeySpec(key, HMAC);
    }

    /**
     * The signer for {@code secret} ({@code whsec_<base64>}); fails naming the property, never quoting the value, when it
     * is missing, not in that form, or shorter than {@value #MIN_SECRET_BYTES} bytes.
     */
    static WebhookSigner of(String secret) {
        String problem = "gateway.events.webhook-secret (GATEWAY_EVENTS_WEBHOOK_SECRET) must be " + PREFIX
                + "<base64 of at least " + MIN_SECRET_BYTES + " random bytes> when gateway.events.webhook-url is set";
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new ConfigurationException(problem);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException notBase64) {
            throw new ConfigurationException(problem + " (it is not base64)");
        }
        if (key.length < MIN_SECRET_BYTES) {
            throw new ConfigurationException(problem + " (it decodes to " + key.length + " bytes)");
        }
        return new WebhookSigner(key);
    }

    /** The {@code webhook-signature} header of one delivery. */
    String signature(String webhookId, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            byte[] digest = mac.doFinal(
                    (webhookId + '.' + timestampSeconds + '.' + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSigner[key=<redacted>]";
    }
}
