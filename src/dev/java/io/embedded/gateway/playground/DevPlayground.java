package io.embedded.gateway.playground;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.client.AirbyteConfig;
import io.embedded.gateway.events.EventsConfig;
import io.embedded.gateway.origin.GatewayConfig;
import io.embedded.gateway.origin.OriginPolicy;
import io.quarkus.arc.profile.IfBuildProfile;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Dev mode only: the playground at {@code /}, where a newcomer runs the whole widget flow against the Airbyte stand-in
 * and sees the snippet to copy into their app, and the partner backend's side: a local webhook receiver
 * ({@code /playground/webhooks}, where {@code %dev.gateway.events.webhook-url} points) that checks each delivery's
 * signature as the Standard Webhooks specification says and shows what arrived. Like the stand-in it lives in {@code src/dev},
 * which only
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
    private final EventsConfig events;
    /** What the local receiver got, newest last; a handful is all the page shows. */
    private final List<Map<String, Object>> deliveries = new ArrayList<>();

    DevPlayground(GatewayConfig gateway, AirbyteConfig airbyte, OriginPolicy origins, ObjectMapper json,
            EventsConfig events) {
        this.gateway = gateway;
        this.airbyte = airbyte;
        this.origins = origins;
        this.json = json;
        this.events = events;
    }

    void routes(@Observes Router router) {
        router.get("/").blockingHandler(ctx -> send(ctx, "index.html", "text/html; charset=utf-8"));
        router.get("/playground/config").handler(this::config);
        // The body was read by the HTTP layer (HttpLayerProblems) before any route runs.
        router.post("/playground/webhooks")
                .handler(ctx -> receive(ctx, ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString()));
        router.get("/playground/webhooks").handler(this::listDeliveries);
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

    /**
     * The partner backend's receiver, as a partner would write it without a library: recompute the HMAC-SHA256 of
     * {@code id.timestamp.body} with the base64-decoded secret after {@code whsec_} and compare it in constant time.
     */
    private void receive(RoutingContext ctx, String body) {
        String id = ctx.request().getHeader("webhook-id");
        String timestamp = ctx.request().getHeader("webhook-timestamp");
        String signatures = ctx.request().getHeader("webhook-signature");
        boolean verified = false;
        try {
            String secret = events.webhookSecret().orElse("whsec_");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            for (String signature : signatures == null ? new String[0] : signatures.split(" ")) {
                verified |= signature.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(signature.substring(3)));
            }
        } catch (GeneralSecurityException | IllegalArgumentException unverifiable) {
            verified = false;
        }
        Map<String, Object> delivery = new LinkedHashMap<>();
        delivery.put("webhookId", id);
        delivery.put("timestamp", timestamp);
        delivery.put("verified", verified);
        try {
            delivery.put("event", json.readTree(body));
        } catch (JsonProcessingException notJson) {
            delivery.put("event", body);
        }
        synchronized (deliveries) {
            if (deliveries.size() >= 50) {
                deliveries.remove(0);
            }
            deliveries.add(delivery);
        }
        ctx.response().setStatusCode(verified ? 204 : 400).end();
    }

    private void listDeliveries(RoutingContext ctx) {
        try {
            String list;
            synchronized (deliveries) {
                list = json.writeValueAsString(deliveries);
            }
            ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store").end(list);
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
