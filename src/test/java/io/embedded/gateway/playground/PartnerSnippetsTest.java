package io.embedded.gateway.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class PartnerSnippetsTest {

    private final PartnerSnippets snippets = PartnerSnippets.render("https://gateway.partner.com",
            List.of("https://app.partner.com", "http://localhost:5173"));

    @Test
    void shouldPinTheWidgetVersionExactlyOnTheCdnAndToAMinorWithNpm() {
        assertThat(snippets.cdn())
                .contains("<script src=\"https://cdn.jsdelivr.net/npm/@airbyte-embedded/airbyte-embedded-widget@0.4.5\">");
        assertThat(snippets.packageJson()).contains("\"@airbyte-embedded/airbyte-embedded-widget\": \"^0.4.5\"");
        assertThat(snippets.react()).contains("npm install @airbyte-embedded/airbyte-embedded-widget@^0.4.5");
    }

    @Test
    void shouldCallThisGatewaysEndpointWithTheUserId() {
        assertThat(snippets.react()).contains("const GATEWAY_URL = \"https://gateway.partner.com\";")
                .contains("`${GATEWAY_URL}/api/airbyte/widget-token`").contains("JSON.stringify({ userId })");
        assertThat(snippets.cdn()).contains("fetch(\"https://gateway.partner.com/api/airbyte/widget-token\"");
    }

    @Test
    void shouldUseTheWidgetsPublicApiOnly() {
        assertThat(snippets.react()).contains("new AirbyteEmbeddedWidget({").contains("widget.open();")
                .doesNotContain("widget.close(").doesNotContain("widget.on(");
        assertThat(snippets.cdn()).contains("new AirbyteEmbeddedWidget({").contains("widget.open();");
    }

    @Test
    void shouldNameTheOriginsThePageMustBeServedFrom() {
        assertThat(snippets.react()).contains("https://app.partner.com, http://localhost:5173");
        assertThat(snippets.cdn()).contains("https://app.partner.com, http://localhost:5173");
    }
}
