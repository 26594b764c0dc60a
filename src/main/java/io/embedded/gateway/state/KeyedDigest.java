package io.embedded.gateway.state;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key, truncated to 128 bits, base64url: 22 characters that name something (a caller) without
 * letting anyone who lacks the key test a guess against them. Thread-safe.
 */
public final class KeyedDigest {

    private final SecretKeySpec key;
    /** One initialised Mac per thread: looking one up per request is the costly part of a hash. */
    private final ThreadLocal<Mac> macs;

    public KeyedDigest(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The digest of {@code text} (UTF-8). */
    public String of(String text) {
        // doFinal resets the Mac, so the next hash on this thread starts clean.
        byte[] digest = macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    }

    /** The digest of {@code text} (UTF-8) followed by {@code bytes}. */
    public String of(String text, byte[] bytes) {
        Mac mac = macs.get();
        mac.update(text.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac.doFinal(bytes), 16));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
