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
        return new SharedStore(settings, new ReactiveRedisDataSourceImpl(vertx, client, RedisAPI.api(client)),
                new SimpleMeterRegistry());
    }

    /** The defaults of {@link StateConfig.Redis}, with {@code keyPrefix} when given. */
    public static StateConfig.Redis settings(Optional<String> keyPrefix) {
        return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(1), keyPrefix.orElse("airbyte-embedded-gateway"), 1);
    }

    @Override
    public void close() {
        clients.forEach(Redis::close);
        vertx.closeAndAwait();
    }

    private record Settings(Duration timeout, Duration retryInterval, String keyPrefix, int fallbackReplicas)
            implements
                StateConfig.Redis {
    }
}
