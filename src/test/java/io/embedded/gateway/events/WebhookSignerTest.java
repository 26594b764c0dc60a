package io.embedded.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Signing, against a vector the gateway did not compute: the one the Standard Webhooks reference libraries test
 * themselves with (standard-webhooks/standard-webhooks, libraries/*: secret, id, timestamp 1614265330, payload and
 * signature), which npm's {@code standardwebhooks} 1.3.0 reproduces. {@code SourceEventsTest} verifies real
 * deliveries with that package.
 */
class WebhookSignerTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void shouldSignAsTheReferenceLibrariesDo() {
        assertThat(WebhookSigner.of(SECRET).signature("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void shouldSignEveryPartOfTheMessage() {
        WebhookSigner signer = WebhookSigner.of(SECRET);
        String signature = signer.signature("msg_1", 1L, "{}");
        assertThat(signer.signature("msg_2", 1L, "{}")).isNotEqualTo(signature);
        assertThat(signer.signature("msg_1", 2L, "{}")).isNotEqualTo(signature);
        assertThat(signer.signature("msg_1", 1L, "{ }")).isNotEqualTo(signature);
    }

    @Test
    void shouldRefuseAMissingMalformedOrShortSecretWithoutQuotingIt() {
        String shortSecret = "whsec_" + Base64.getEncoder().encodeToString(new byte[23]);
        for (String secret : new String[] { null, "", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_not*base64!",
                shortSecret }) {
            assertThatThrownBy(() -> WebhookSigner.of(secret)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("gateway.events.webhook-secret")
                    .satisfies(e -> {
                        if (secret != null && !secret.isEmpty()) {
                            assertThat(e.getMessage()).doesNotContain(secret.substring(Math.min(6, secret.length())));
                        }
                    });
        }
        assertThat(WebhookSigner.of("whsec_" + Base64.getEncoder().encodeToString(new byte[24]))).isNotNull();
    }

    @Test
    void shouldNeverShowTheKey() {
        assertThat(WebhookSigner.of(SECRET).toString()).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .contains("redacted");
    }
}
