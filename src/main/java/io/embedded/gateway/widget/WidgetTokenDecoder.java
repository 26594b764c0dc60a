package io.embedded.gateway.widget;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.client.AirbyteException;
import io.embedded.gateway.client.JwtClaims;

/**
 * Reads what the widget itself reads from Airbyte's token: base64 JSON {@code {token, widgetUrl}}. The workspace comes
 * from the {@code workspaceId} query parameter of {@code widgetUrl}, else from the inner JWT's workspace-scope claim;
 * the expiry from the inner JWT's {@code exp}, else a configured lifetime. Anything undecodable is rejected, so a
 * caller never receives a token the widget cannot open.
 */
public final class WidgetTokenDecoder {

    private final ObjectMapper json;
    private final Duration fallbackLifetime;

    public WidgetTokenDecoder(ObjectMapper json, Duration fallbackLifetime) {
        this.json = json;
        this.fallbackLifetime = fallbackLifetime;
    }

    /** Decodes {@code token}, judging expiry against {@code now}. */
    public WidgetToken decode(String token, Instant now) {
        JsonNode payload = readJson(decodeBase64(token), "token is not base64 JSON");
        String innerToken = text(payload, "token").orElseThrow(() -> undecodable("token has no inner token"));
        String widgetUrl = text(payload, "widgetUrl")
                .orElseThrow(() -> undecodable("token has no widgetUrl"));
        // Airbyte documents the inner token as opaque; not being a readable JWT is allowed.
        Optional<JsonNode> claims = JwtClaims.of(json, innerToken);
        String workspaceId = queryParameter(widgetUrl, "workspaceId")
                .or(() -> claims.flatMap(JwtClaims::workspaceId))
                .orElseThrow(() -> undecodable("token names no workspace"));
        Instant expiresAt = claims.flatMap(JwtClaims::expiry).orElseGet(() -> now.plus(fallbackLifetime));
        if (!expiresAt.isAfter(now)) {
            throw undecodable("token is already expired");
        }
        return new WidgetToken(token, widgetUrl, workspaceId, expiresAt);
    }

    private static byte[] decodeBase64(String value) {
        // The widget accepts standard and URL-safe alphabets, with or without padding; so do we.
        String normalised = value.trim().replace('-', '+').replace('_', '/');
        try {
            return Base64.getMimeDecoder().decode(normalised);
        } catch (IllegalArgumentException notBase64) {
            throw undecodable("token is not base64");
        }
    }

    private JsonNode readJson(byte[] bytes, String problem) {
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw undecodable(problem);
            }
            return node;
        } catch (java.io.IOException notJson) {
            throw undecodable(problem);
        }
    }

    /** A token the widget could not open is Airbyte's bad answer, never something we hand a caller. */
    private static AirbyteException undecodable(String problem) {
        return AirbyteException.badResponse("widget token " + problem);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static Optional<String> queryParameter(String url, String name) {
        String query;
        try {
            query = URI.create(url).getRawQuery();
        } catch (IllegalArgumentException notAUrl) {
            throw undecodable("widgetUrl is not a URL");
        }
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                return value.isBlank() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
