package io.embedded.gateway.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.client.AirbyteException;
import io.embedded.gateway.rest.StrictJsonCustomizer;

class WidgetTokenDecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final String WORKSPACE = "fba81218-3467-4588-a8d5-a8396cde6c03";
    private static final java.util.function.Consumer<AirbyteException> BAD_RESPONSE = failure -> assertThat(
            failure.reason()).isEqualTo(AirbyteException.Reason.BAD_RESPONSE);
    private final WidgetTokenDecoder decoder = new WidgetTokenDecoder(new ObjectMapper(), Duration.ofMinutes(20));

    @Test
    void shouldDecodeAirbytesDocumentedExampleShape() {
        String jwt = jwt("{\"io.airbyte.auth.workspace_scope\":{\"workspaceId\":\"" + WORKSPACE + "\"},\"exp\":"
                + (NOW.getEpochSecond() + 1200) + "}");
        String url = "https://cloud.airbyte.com/embedded-widget?workspaceId=" + WORKSPACE
                + "&allowedOrigin=https%3A%2F%2Fapi.airbyte.ai";
        String token = b64(Base64.getEncoder(), "{\"token\":\"" + jwt + "\",\"widgetUrl\":\"" + url + "\"}");

        WidgetToken decoded = decoder.decode(token, NOW);

        assertThat(decoded.token()).isEqualTo(token);
        assertThat(decoded.widgetUrl()).isEqualTo(url);
        assertThat(decoded.workspaceId()).isEqualTo(WORKSPACE);
        assertThat(decoded.expiresAt()).isEqualTo(NOW.plusSeconds(1200));
    }

    @Test
    void shouldAcceptUrlSafeBase64WithoutPadding() {
        String token = b64(Base64.getUrlEncoder().withoutPadding(),
                "{\"token\":\"opaque\",\"widgetUrl\":\"https://app.airbyte.ai/w?workspaceId=" + WORKSPACE + "&x=%3F%3E\"}");

        assertThat(decoder.decode(token, NOW).workspaceId()).isEqualTo(WORKSPACE);
    }

    @Test
    void shouldTakeWorkspaceFromJwtClaimWhenUrlHasNone() {
        String jwt = jwt("{\"io.airbyte.auth.workspace_scope\":{\"workspaceId\":\"" + WORKSPACE + "\"}}");
        String token = b64(Base64.getEncoder(),
                "{\"token\":\"" + jwt + "\",\"widgetUrl\":\"https://app.airbyte.ai/quick-start/widget\"}");

        assertThat(decoder.decode(token, NOW).workspaceId()).isEqualTo(WORKSPACE);
    }

    @Test
    void shouldFallBackToConfiguredLifetimeWhenInnerTokenIsOpaque() {
        String token = b64(Base64.getEncoder(),
                "{\"token\":\"not-a-jwt\",\"widgetUrl\":\"https://x.test/w?workspaceId=" + WORKSPACE + "\"}");

        assertThat(decoder.decode(token, NOW).expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(20)));
    }

    @Test
    void shouldRejectExpiredToken() {
        String jwt = jwt("{\"exp\":" + (NOW.getEpochSecond() - 1) + "}");
        String token = b64(Base64.getEncoder(),
                "{\"token\":\"" + jwt + "\",\"widgetUrl\":\"https://x.test/w?workspaceId=" + WORKSPACE + "\"}");

        assertThatThrownBy(() -> decoder.decode(token, NOW)).isInstanceOfSatisfying(AirbyteException.class, BAD_RESPONSE)
                .hasMessageContaining("expired");
    }

    @Test
    void shouldRejectWhatTheWidgetCouldNotOpen() {
        assertThatThrownBy(() -> decoder.decode("%%%not base64%%%", NOW)).isInstanceOfSatisfying(AirbyteException.class,
                BAD_RESPONSE);
        assertThatThrownBy(() -> decoder.decode(b64(Base64.getEncoder(), "[1,2]"), NOW))
                .isInstanceOfSatisfying(AirbyteException.class, BAD_RESPONSE);
        assertThatThrownBy(() -> decoder.decode(b64(Base64.getEncoder(), "{\"token\":\"t\"}"), NOW))
                .isInstanceOfSatisfying(AirbyteException.class, BAD_RESPONSE).hasMessageContaining("widgetUrl");
        assertThatThrownBy(
                () -> decoder.decode(b64(Base64.getEncoder(), "{\"widgetUrl\":\"https://x.test/?workspaceId=w\"}"), NOW))
                .isInstanceOfSatisfying(AirbyteException.class, BAD_RESPONSE).hasMessageContaining("inner token");
        assertThatThrownBy(
                () -> decoder.decode(b64(Base64.getEncoder(), "{\"token\":\"t\",\"widgetUrl\":\"https://x.test/\"}"), NOW))
                .isInstanceOfSatisfying(AirbyteException.class, BAD_RESPONSE).hasMessageContaining("workspace");
    }

    @Test
    void shouldReadAirbytesTokenWhateverTheMapperIsConfiguredFor() {
        ObjectMapper strict = new ObjectMapper();
        new StrictJsonCustomizer().customize(strict);
        WidgetTokenDecoder strictDecoder = new WidgetTokenDecoder(strict, Duration.ofMinutes(20));
        String token = b64(Base64.getEncoder(), "{\"token\":\"opaque\",\"widgetUrl\":\"https://x.test/w?workspaceId="
                + WORKSPACE + "\",\"extra\":{\"nested\":[1,{\"a\":null}]}}");

        assertThat(strictDecoder.decode(token, NOW).workspaceId()).isEqualTo(WORKSPACE);
        assertThat(decoder.decode(token, NOW).workspaceId()).isEqualTo(WORKSPACE);
    }

    @Test
    void shouldAcceptBase64BrokenIntoLines() {
        String json = "{\"token\":\"opaque\",\"widgetUrl\":\"https://x.test/w?workspaceId=" + WORKSPACE + "\"}";
        String token = Base64.getMimeEncoder(16, "\r\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(json.getBytes(StandardCharsets.UTF_8));

        assertThat(token).contains("\r\n");
        assertThat(decoder.decode(token, NOW).workspaceId()).isEqualTo(WORKSPACE);
    }

    @Test
    void shouldRejectATokenThatCouldNameTwoWorkspaces() {
        String twoUrls = "{\"token\":\"t\",\"widgetUrl\":\"https://x.test/?workspaceId=a\","
                + "\"widgetUrl\":\"https://x.test/?workspaceId=b\"}";
        String trailing = "{\"token\":\"t\",\"widgetUrl\":\"https://x.test/?workspaceId=a\"} {\"widgetUrl\":\"b\"}";

        for (String json : new String[] { twoUrls, trailing,
                "{\"token\":\"t\",\"widgetUrl\":\"https://x.test/?workspaceId=a\"" }) {
            assertThatThrownBy(() -> decoder.decode(b64(Base64.getEncoder(), json), NOW))
                    .isInstanceOfSatisfying(AirbyteException.class, BAD_RESPONSE).hasMessageContaining("not base64 JSON");
        }
    }

    @Test
    void shouldTreatFieldsThatAreNotNonBlankStringsAsMissing() {
        assertThatThrownBy(() -> decoder.decode(
                b64(Base64.getEncoder(), "{\"token\":{\"t\":1},\"widgetUrl\":\"https://x.test/?workspaceId=w\"}"), NOW))
                .isInstanceOfSatisfying(AirbyteException.class, BAD_RESPONSE).hasMessageContaining("inner token");
        assertThatThrownBy(() -> decoder.decode(b64(Base64.getEncoder(), "{\"token\":\"t\",\"widgetUrl\":\"  \"}"), NOW))
                .isInstanceOfSatisfying(AirbyteException.class, BAD_RESPONSE).hasMessageContaining("widgetUrl");
    }

    @Test
    void shouldFallBackToConfiguredLifetimeWhenExpiryIsBeyondWhatATimeCanHold() {
        String jwt = jwt("{\"exp\":9000000000000000000}");
        String token = b64(Base64.getEncoder(),
                "{\"token\":\"" + jwt + "\",\"widgetUrl\":\"https://x.test/w?workspaceId=" + WORKSPACE + "\"}");

        assertThat(decoder.decode(token, NOW).expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(20)));
    }

    private static String jwt(String claims) {
        var url = Base64.getUrlEncoder().withoutPadding();
        return b64(url, "{\"alg\":\"HS256\"}") + "." + b64(url, claims) + ".c2ln";
    }

    private static String b64(Base64.Encoder encoder, String text) {
        return encoder.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
