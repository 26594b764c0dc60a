package io.embedded.gateway.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.redis.runtime.datasource.ReactiveRedisDataSourceImpl;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;

/**
 * Shared stores on a real Redis for plain unit tests, built as the application builds them but without CDI: one Vert.x
 * and one client per store, all closed together.
 */
public final class RedisStores implements AutoCloseable {

    /** The fleet's key-hash key in these tests. */
    public static final String HASH_KEY = "a-test-key-hash-key-of-32-characters";

    private final Vertx vertx = Vertx.vertx();
    private final List<Redis> clients = new ArrayList<>();

    /** A store on {@code url} for a gateway of the Airbyte application {@code clientId}, with the default settings. */
    public SharedStore store(String url, String clientId) {
        return store(url, clientId, settings(Optional.empty()));
    }

    /** A store on {@code url} for a gateway of the Airbyte application {@code clientId}. */
    public SharedStore store(String url, String clientId, StateConfig.Redis settings) {
        Redis client = Redis.createClient(vertx, url);
        clients.add(client);
        var dataSource = new ReactiveRedisDataSourceImpl(vertx, client, RedisAPI.api(client));
        return new SharedStore(settings, StoreKeys.of(settings, clientId), () -> dataSource, new SimpleMeterRegistry());
    }

    /** The defaults of {@link StateConfig.Redis}, with {@link #HASH_KEY} and {@code keyPrefix} when given. */
    public static StateConfig.Redis settings(Optional<String> keyPrefix) {
        return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(1), keyPrefix, Optional.of(HASH_KEY), 1);
    }

    @Override
    public void close() {
        clients.forEach(Redis::close);
        vertx.closeAndAwait();
    }

    /** Settings as {@code gateway.state.redis.*} gives them. */
    public record Settings(Duration timeout, Duration retryInterval, Optional<String> keyPrefix,
            Optional<String> keyHashKey, int fallbackReplicas) implements StateConfig.Redis {
    }
}
