package io.embedded.gateway.standin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

/** Signs HS256 JWTs the way Airbyte's tokens look (the doc examples decode to HS256), with a random key of its own. */
final class StandInJwt {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = URL
            .encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    /** One Mac per thread: a Mac is not thread-safe, and getting one per token would cost more than the signing. */
    private final ThreadLocal<Mac> mac;

    StandInJwt() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac hmac = Mac.getInstance("HmacSHA256");
                hmac.init(new SecretKeySpec(key, "HmacSHA256"));
                return hmac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("no HmacSHA256 in this JVM", e);
            }
        });
    }

    String sign(Map<String, Object> claims) {
        String signingInput = HEADER + "." + URL.encodeToString(StandInJson.bytes(claims));
        return signingInput + "." + URL.encodeToString(signature(signingInput));
    }

    /** Whether {@code token} carries this key's signature, that is, whether this instance signed it. */
    boolean signed(String token) {
        int lastDot = token.lastIndexOf('.');
        if (lastDot < 0) {
            return false;
        }
        byte[] expected = URL.encodeToString(signature(token.substring(0, lastDot))).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, token.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    /** The claims of {@code token}, unverified, or null when it is not a JWT with a JSON payload. */
    static JsonNode claims(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            return StandInJson.object(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private byte[] signature(String signingInput) {
        return mac.get().doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    }
}
