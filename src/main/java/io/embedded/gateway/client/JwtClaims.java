package io.embedded.gateway.client;

import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The two claims we use of a token Airbyte issued, read without verifying it: Airbyte verifies its own tokens, and we
 * only need to know which workspace one is for and when to stop using it.
 */
public final class JwtClaims {

    /** Airbyte's claim naming the workspace a token is scoped to: {@code {"workspaceId": "..."}}. */
    private static final String WORKSPACE_SCOPE = "io.airbyte.auth.workspace_scope";

    private final Instant expiry;
    private final String workspaceId;

    private JwtClaims(Instant expiry, String workspaceId) {
        this.expiry = expiry;
        this.workspaceId = workspaceId;
    }

    /**
     * The claims of {@code token}, if it is a JWT whose payload is one JSON object without duplicate names; empty for
     * any other token.
     */
    public static Optional<JwtClaims> of(ObjectMapper json, String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            return Optional.empty();
        }
        // Streamed on every minted token: only these two claims are kept, no tree of the others is built.
        try (JsonParser claims = json.createParser(Base64.getUrlDecoder().decode(token.substring(first + 1, second)))) {
            // Two values for one claim would leave us and Airbyte to disagree on which counts.
            claims.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            return Optional.ofNullable(read(claims));
        } catch (IOException | IllegalArgumentException notAJwt) {
            return Optional.empty();
        }
    }

    /** When {@code token} expires, if it is a JWT with a usable numeric {@code exp}. */
    public static Optional<Instant> expiry(ObjectMapper json, String token) {
        return of(json, token).flatMap(JwtClaims::expiry);
    }

    /** The {@code exp} claim, if it is a number of seconds that an {@link Instant} can hold. */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiry);
    }

    /** The workspace id in Airbyte's {@code io.airbyte.auth.workspace_scope} claim, if present and not blank. */
    public Optional<String> workspaceId() {
        return Optional.ofNullable(workspaceId);
    }

    /** The claims of a payload that is one JSON object, else null. */
    private static JwtClaims read(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        Instant expiry = null;
        String workspaceId = null;
        JsonToken next;
        while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "exp" -> expiry = epochSeconds(parser, value);
                case WORKSPACE_SCOPE -> workspaceId = workspaceIdIn(parser, value);
                default -> parser.skipChildren();
            }
        }
        return next == JsonToken.END_OBJECT && parser.nextToken() == null ? new JwtClaims(expiry, workspaceId) : null;
    }

    /** A numeric date as RFC 7519 defines it (fractions allowed, and dropped); null for anything else. */
    private static Instant epochSeconds(JsonParser parser, JsonToken value) throws IOException {
        long seconds;
        if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            seconds = parser.getLongValue();
        } else if (value == JsonToken.VALUE_NUMBER_FLOAT && Math.abs(parser.getDoubleValue()) < Long.MAX_VALUE) {
            seconds = (long) parser.getDoubleValue();
        } else {
            parser.skipChildren();
            return null;
        }
        // Far beyond any real expiry, and beyond what Instant holds: not a usable expiry rather than a failure.
        return seconds >= Instant.MIN.getEpochSecond() && seconds <= Instant.MAX.getEpochSecond()
                ? Instant.ofEpochSecond(seconds)
                : null;
    }

    /** The non-blank {@code workspaceId} string of the workspace-scope object, else null. */
    private static String workspaceIdIn(JsonParser parser, JsonToken scope) throws IOException {
        if (scope != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String workspaceId = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            boolean wanted = parser.currentName().equals("workspaceId");
            JsonToken value = parser.nextToken();
            if (wanted && value == JsonToken.VALUE_STRING) {
                String text = parser.getText();
                workspaceId = text.isBlank() ? null : text;
            } else {
                parser.skipChildren();
            }
        }
        return workspaceId;
    }
}
