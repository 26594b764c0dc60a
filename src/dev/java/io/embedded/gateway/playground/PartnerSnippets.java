package io.embedded.gateway.playground;

import java.util.List;

/**
 * The code a partner puts in their frontend to use this gateway, filled in from its configuration: the React
 * component and the CDN script tag of Airbyte's authentication-module docs, with the widget version pinned.
 *
 * @param react a React component using the npm package
 * @param packageJson the dependency line for {@code package.json} (caret range: patch and minor updates only)
 * @param cdn a plain HTML page using the CDN build (exact version)
 */
public record PartnerSnippets(String react, String packageJson, String cdn) {

    /** The widget release the snippets pin; Airbyte's docs pin the newest, 0.4.5. */
    public static final String WIDGET_VERSION = "0.4.5";
    static final String PACKAGE = "@airbyte-embedded/airbyte-embedded-widget";

    /**
     * @param gatewayUrl where the partner's frontend reaches this gateway ({@code scheme://host[:port]})
     * @param allowedOrigins the origins the gateway serves; the snippets only work on a page from one of them
     */
    public static PartnerSnippets render(String gatewayUrl, List<String> allowedOrigins) {
        String origins = String.join(", ", allowedOrigins);
        String react = """
                // npm install %1$s@^%2$s
                // Serve this page from an origin the gateway allows (gateway.allowed-origins): %3$s
                import { AirbyteEmbeddedWidget } from "%1$s";

                const GATEWAY_URL = "%4$s";

                export function ConnectData({ userId }: { userId: string }) {
                  const handleConnect = async () => {
                    // Mint the token on click, not at page load: it lives about 20 minutes.
                    const response = await fetch(`${GATEWAY_URL}/api/airbyte/widget-token`, {
                      method: "POST",
                      headers: { "Content-Type": "application/json" },
                      body: JSON.stringify({ userId }),
                    });
                    if (!response.ok) throw new Error(`Widget token: HTTP ${response.status}`);
                    const { token } = await response.json();
                    const widget = new AirbyteEmbeddedWidget({
                      token,
                      onEvent: (event) => {
                        if (event.message === "source_created") console.log("Source created:", event.data.id);
                        if (event.message === "source_create_error") console.error("Source not created:", event.error);
                      },
                    });
                    widget.open();
                  };
                  return <button onClick={handleConnect}>Connect your data</button>;
                }
                """.formatted(PACKAGE, WIDGET_VERSION, origins, gatewayUrl);
        String packageJson = """
                "dependencies": {
                  "%s": "^%s"
                }
                """.formatted(PACKAGE, WIDGET_VERSION);
        String cdn = """
                <!-- Serve this page from an origin the gateway allows (gateway.allowed-origins): %3$s -->
                <script src="https://cdn.jsdelivr.net/npm/%1$s@%2$s"></script>
                <script>
                  async function connectData() {
                    const response = await fetch("%4$s/api/airbyte/widget-token", {
                      method: "POST",
                      headers: { "Content-Type": "application/json" },
                      body: JSON.stringify({ userId: "user_123" }),
                    });
                    if (!response.ok) throw new Error("Widget token: HTTP " + response.status);
                    const { token } = await response.json();
                    const widget = new AirbyteEmbeddedWidget({
                      token,
                      onEvent: (event) => console.log(event.message, event.data || event.error),
                    });
                    widget.open();
                  }
                </script>
                <button onclick="connectData()">Connect your data</button>
                """.formatted(PACKAGE, WIDGET_VERSION, origins, gatewayUrl);
        return new PartnerSnippets(react, packageJson, cdn);
    }
}
