package io.embedded.gateway.audit;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.embedded.gateway.identity.CallerIdentity;
import io.embedded.gateway.state.KeyedDigest;
import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * A non-reversible, keyed hash of a caller identity for logs: HMAC-SHA256 over {@link CallerIdentity#key()}, truncated
 * to 128 bits, base64url. Without the key, the hash cannot be tested against guessed user ids.
 */
@ApplicationScoped
public class IdentityHasher {

    static final int MIN_KEY_LENGTH = 32;

    private final KeyedDigest digest;

    @Inject
    IdentityHasher(AuditConfig config) {
        this(config.identityHashKey().map(IdentityHasher::configuredKey).orElseGet(IdentityHasher::randomKey));
    }

    IdentityHasher(byte[] key) {
        this.digest = new KeyedDigest(key);
    }

    /** The caller's hash, 22 base64url characters. */
    public String hash(CallerIdentity caller) {
        return digest.of(caller.key());
    }

    private static byte[] configuredKey(String value) {
        if (value.length() < MIN_KEY_LENGTH) {
            throw new ConfigurationException(
                    "gateway.audit.identity-hash-key must be at least " + MIN_KEY_LENGTH + " characters");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomKey() {
        Log.info("gateway.audit.identity-hash-key is not set: audit identity hashes correlate within this process only");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
