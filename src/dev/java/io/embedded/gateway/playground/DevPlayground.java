package io.embedded.gateway.playground;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.client.AirbyteConfig;
import io.embedded.gateway.origin.GatewayConfig;
import io.embedded.gateway.origin.OriginPolicy;
import io.quarkus.arc.profile.IfBuildProfile;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Dev mode only: the playground at {@code /}, where a newcomer runs the whole widget flow against the Airbyte stand-in
 * and sees the snippet to copy into their app. Like the stand-in it lives in {@code src/dev}, which only
 * {@code quarkus:dev} compiles into the application; tests compile it too, where the build profile removes the bean.
 */
@ApplicationScoped
@IfBuildProfile("dev")
class DevPlayground {

    private static final Map<String, String> ASSETS = Map.of(
            "playground.js", "text/javascript; charset=utf-8",
            "playground.css", "text/css; charset=utf-8");

    private final GatewayConfig gateway;
    private final AirbyteConfig airbyte;
    private final OriginPolicy origins;
    private final ObjectMapper json;

    DevPlayground(GatewayConfig gateway, AirbyteConfig airbyte, OriginPolicy origins, ObjectMapper json) {
        this.gateway = gateway;
        this.airbyte = airbyte;
        this.origins = origins;
        this.json = json;
    }

    void routes(@Observes Router router) {
        router.get("/").blockingHandler(ctx -> send(ctx, "index.html", "text/html; charset=utf-8"));
        router.get("/playground/config").handler(this::config);
        ASSETS.forEach((file, type) -> router.get("/playground/" + file).blockingHandler(ctx -> send(ctx, file, type)));
    }

    /** What the page needs: the snippets for this gateway as the browser reached it, and where the loader is. */
    private void config(RoutingContext ctx) {
        String gatewayUrl = ctx.request().scheme() + "://" + ctx.request().authority();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("gatewayUrl", gatewayUrl);
        config.put("allowedOrigins", gateway.allowedOrigins());
        config.put("defaultOrigin", origins.defaultOrigin().value());
        config.put("loaderUrl", airbyte.apiUrl().resolve("/embedded-widget/airbyte-embedded-widget.js").toString());
        config.put("widgetVersion", PartnerSnippets.WIDGET_VERSION);
        config.put("snippets", PartnerSnippets.render(gatewayUrl, gateway.allowedOrigins()));
        try {
            ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end(json.writeValueAsString(config));
        } catch (JsonProcessingException e) {
            ctx.fail(e);
        }
    }

    private static void send(RoutingContext ctx, String file, String contentType) {
        try (InputStream in = DevPlayground.class.getClassLoader().getResourceAsStream("playground/" + file)) {
            if (in == null) {
                ctx.response().setStatusCode(404).end();
                return;
            }
            ctx.response().putHeader("Content-Type", contentType).putHeader("Cache-Control", "no-store")
                    .end(io.vertx.core.buffer.Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            ctx.fail(e);
        }
    }
}
