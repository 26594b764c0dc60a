package io.embedded.gateway.state;

import java.nio.charset.StandardCharsets;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Names the keys the gateway writes to Redis: every one under this deployment's prefix, as a Redis Cluster hash tag, and
 * whatever identifies a caller only as an HMAC-SHA256 under {@code gateway.state.redis.key-hash-key}. So someone who can
 * read Redis learns no user id and cannot test a guessed one, and two deployments on one Redis never share a key.
 */
final class StoreKeys {

    static final int MIN_KEY_LENGTH = 32;
    /** Characters of the keyed hash in a derived prefix: 72 bits, against accidental collisions between deployments. */
    private static final int PREFIX_HASH_LENGTH = 12;
    private static final String PREFIX_BASE = "airbyte-embedded-gateway:";

    private final String prefix;
    private final KeyedDigest digest;

    private StoreKeys(byte[] key, String prefix) {
        this.digest = new KeyedDigest(key);
        this.prefix = prefix;
    }

    /**
     * The keys of the deployment of the Airbyte application {@code airbyteClientId}. Fails, naming the property, when the
     * hash key is missing or short or the prefix would break the hash tag.
     */
    static StoreKeys of(StateConfig.Redis settings, String airbyteClientId) {
        String secret = settings.keyHashKey().filter(value -> !value.isBlank())
                .orElseThrow(() -> new ConfigurationException("gateway.state.store=redis needs "
                        + "gateway.state.redis.key-hash-key (GATEWAY_STATE_REDIS_KEY_HASH_KEY): at least " + MIN_KEY_LENGTH
                        + " characters from a Secret, the same for every replica"));
        if (secret.length() < MIN_KEY_LENGTH) {
            throw new ConfigurationException(
                    "gateway.state.redis.key-hash-key must be at least " + MIN_KEY_LENGTH + " characters");
        }
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        String prefix = settings.keyPrefix().orElseGet(() -> PREFIX_BASE
                + new StoreKeys(key, PREFIX_BASE).hash("key-prefix\n" + airbyteClientId).substring(0, PREFIX_HASH_LENGTH));
        if (prefix.isBlank() || prefix.contains("{") || prefix.contains("}")) {
            throw new ConfigurationException("gateway.state.redis.key-prefix must not be blank nor contain { or }: "
                    + "it is the keys' hash tag");
        }
        return new StoreKeys(key, prefix);
    }

    /** Every key starts with this, in braces. */
    String prefix() {
        return prefix;
    }

    /** The key {@code suffix} under the prefix; {@code suffix} names no caller. */
    String key(String suffix) {
        return "{" + prefix + "}:" + suffix;
    }

    /** The key for {@code identifying} in {@code namespace}: the namespace readable, {@code identifying} hashed. */
    String hashedKey(String namespace, String identifying) {
        return key(namespace + ":" + hash(identifying));
    }

    /** HMAC-SHA256 of {@code text} (UTF-8) then {@code bytes}, truncated to 128 bits, base64url. */
    String hash(String text, byte[] bytes) {
        return digest.of(text, bytes);
    }

    /** HMAC-SHA256 of {@code text} (UTF-8), truncated to 128 bits, base64url: 22 characters. */
    String hash(String text) {
        return digest.of(text);
    }
}
