package io.embedded.gateway.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * SHA-256 digests, base64url, for what the stores hold instead of keys and bodies. Anyone can compute one, so a digest
 * of something guessable (a user id) can be confirmed: a Redis key naming a caller uses {@link SharedStore#hashedKey}.
 */
public final class Digests {

    private Digests() {
    }

    /** The digest of {@code text} (UTF-8) followed by {@code bytes}. */
    public static String sha256(String text, byte[] bytes) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
