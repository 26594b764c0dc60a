package io.embedded.gateway.state;

import java.time.Duration;
import java.util.Optional;

import jakarta.validation.constraints.Min;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where the gateway keeps the state its instances must share: rate-limit buckets and idempotency records. One instance
 * (and dev mode, and tests) keeps them in memory; a fleet of replicas keeps them in Redis, so limits hold for the whole
 * fleet and a retry that reaches another pod is still recognised.
 */
@ConfigMapping(prefix = "gateway.state")
public interface StateConfig {

    /**
     * {@code memory} (one instance) or {@code redis} (shared by every replica; the connection is
     * {@code quarkus.redis.hosts}).
     */
    @WithDefault("memory")
    Store store();

    /** How the gateway uses Redis when {@link #store()} is {@code redis}. */
    Redis redis();

    /** The stores the gateway can keep its shared state in. */
    enum Store {
        MEMORY,
        REDIS
    }

    /** Redis settings beyond the connection itself. */
    interface Redis {

        /**
         * Longest wait for one Redis round trip. Beyond it the request goes on as if Redis were down: limits fall back
         * to this instance's share, a request with an {@code Idempotency-Key} gets 503.
         */
        @WithDefault("250ms")
        Duration timeout();

        /** After Redis failed, requests skip it for this long (no request waits for a dead Redis) before one tries. */
        @WithDefault("1s")
        Duration retryInterval();

        /**
         * Prefix of every key the gateway writes; keys carry it as a hash tag, so they all live in one slot of a Redis
         * Cluster. Unset, it is {@code airbyte-embedded-gateway:} and 12 characters of the keyed hash
         * ({@link #keyHashKey()}) of the Airbyte client id: the replicas of one deployment share their keys, and
         * gateways of different Airbyte applications (or with different hash keys) on one Redis never do. Set it only to
         * choose the name; deployments with the same prefix and hash key share their limits and records.
         */
        Optional<String> keyPrefix();

        /**
         * HMAC key (env {@code GATEWAY_STATE_REDIS_KEY_HASH_KEY}, at least 32 characters, from a Secret) under which
         * callers appear in Redis keys, so that reading Redis reveals no user id and cannot confirm a guessed one.
         * Required with the {@code redis} store, and the same for every replica, which share the keys. Changing it
         * starts the fleet's limits afresh and forgets its {@code Idempotency-Key} records.
         */
        Optional<String> keyHashKey();

        /**
         * The most replicas the fleet runs (the HPA's {@code maxReplicas}). While Redis is unavailable each instance
         * enforces this share of every limit, so the fleet together stays within it.
         */
        @WithDefault("1")
        @Min(1)
        int fallbackReplicas();
    }
}
