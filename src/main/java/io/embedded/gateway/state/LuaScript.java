package io.embedded.gateway.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run atomically on Redis, sent once and then called by its SHA-1 digest (EVALSHA). {@code name} says in
 * logs and metrics which script Redis refused.
 */
public record LuaScript(String name, String text, String sha1) {

    /** A script named by the start of its digest. */
    public static LuaScript of(String text) {
        return of(null, text);
    }

    /** A script named {@code name} ({@code rate-limit}, ...). */
    public static LuaScript of(String name, String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            String sha1 = HexFormat.of().formatHex(digest);
            return new LuaScript(name != null ? name : "script " + sha1.substring(0, 8), text, sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
