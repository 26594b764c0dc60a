package io.embedded.gateway.widget;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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

    private static final String NOT_JSON = "token is not base64 JSON";

    private final ObjectMapper json;
    private final Duration fallbackLifetime;

    public WidgetTokenDecoder(ObjectMapper json, Duration fallbackLifetime) {
        this.json = json;
        this.fallbackLifetime = fallbackLifetime;
    }

    /** Decodes {@code token}, judging expiry against {@code now}. */
    public WidgetToken decode(String token, Instant now) {
        Payload payload = readPayload(decodeBase64(token));
        if (payload.innerToken == null) {
            throw undecodable("token has no inner token");
        }
        if (payload.widgetUrl == null) {
            throw undecodable("token has no widgetUrl");
        }
        // Airbyte documents the inner token as opaque; not being a readable JWT is allowed.
        Optional<JwtClaims> claims = JwtClaims.of(json, payload.innerToken);
        String workspaceId = queryParameter(payload.widgetUrl, "workspaceId")
                .or(() -> claims.flatMap(JwtClaims::workspaceId))
                .orElseThrow(() -> undecodable("token names no workspace"));
        Instant expiresAt = claims.flatMap(JwtClaims::expiry).orElseGet(() -> now.plus(fallbackLifetime));
        if (!expiresAt.isAfter(now)) {
            throw undecodable("token is already expired");
        }
        return new WidgetToken(token, payload.widgetUrl, workspaceId, expiresAt);
    }

    private static byte[] decodeBase64(String value) {
        // The widget accepts standard and URL-safe alphabets, with or without padding; so do we.
        String normalised = value.trim().replace('-', '+').replace('_', '/');
        try {
            return Base64.getDecoder().decode(normalised);
        } catch (IllegalArgumentException notPlainBase64) {
            // Line breaks or other characters outside the alphabet: the MIME decoder skips them, at ten times the cost
            // of the plain one, which decodes what Airbyte sends.
            try {
                return Base64.getMimeDecoder().decode(normalised);
            } catch (IllegalArgumentException notBase64) {
                throw undecodable("token is not base64");
            }
        }
    }

    /**
     * The widget's two fields, streamed: no tree is built and other fields are skipped. One JSON object, nothing after
     * it, each name once: with two {@code widgetUrl}s we could name one workspace while the widget opens another.
     */
    private Payload readPayload(byte[] bytes) {
        try (JsonParser parser = json.createParser(bytes)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw undecodable(NOT_JSON);
            }
            String innerToken = null;
            String widgetUrl = null;
            JsonToken next;
            while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "token" -> innerToken = text(parser, value);
                    case "widgetUrl" -> widgetUrl = text(parser, value);
                    default -> parser.skipChildren();
                }
            }
            if (next != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw undecodable(NOT_JSON);
            }
            return new Payload(innerToken, widgetUrl);
        } catch (IOException notJson) {
            throw undecodable(NOT_JSON);
        }
    }

    /** A string value that is not blank, else null (the value skipped). */
    private static String text(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            return null;
        }
        String text = parser.getText();
        return text.isBlank() ? null : text;
    }

    /** A token the widget could not open is Airbyte's bad answer, never something we hand a caller. */
    private static AirbyteException undecodable(String problem) {
        return AirbyteException.badResponse("widget token " + problem);
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

    /** The two fields of the token's JSON the widget reads; null where absent, blank or not a string. */
    private record Payload(String innerToken, String widgetUrl) {
    }
}
