package io.embedded.gateway.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.Config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * The fleet's shared store, when {@code gateway.state.store=redis}: every Redis round trip goes through here, bounded by
 * {@code gateway.state.redis.timeout}. Redis is shared like Airbyte, so its failure never makes a pod unready: after a
 * failure, calls fail at once for {@code retry-interval} and then one tries again; each change of state is logged once
 * and counted.
 */
@Startup
@ApplicationScoped
public class SharedStore {

    private final StateConfig.Redis settings;
    private final ReactiveRedisDataSource redis;
    private final AtomicBoolean available = new AtomicBoolean(true);
    /** Until when (System.nanoTime) calls fail without trying, after a failure. */
    private final AtomicLong skipUntilNanos = new AtomicLong(System.nanoTime());
    private final Counter failures;

    SharedStore(StateConfig config, Config rawConfig, Instance<ReactiveRedisDataSource> redis, MeterRegistry metrics) {
        this.settings = config.redis();
        boolean shared = config.store() == StateConfig.Store.REDIS;
        if (shared && rawConfig.getOptionalValue("quarkus.redis.hosts", String.class).filter(h -> !h.isBlank()).isEmpty()) {
            throw new ConfigurationException("gateway.state.store=redis needs quarkus.redis.hosts (QUARKUS_REDIS_HOSTS), "
                    + "e.g. redis://redis:6379");
        }
        // Only resolved when chosen: the memory store never creates a Redis client.
        this.redis = shared ? redis.get() : null;
        this.failures = Counter.builder("gateway.state.store.failures")
                .description("Redis round trips that failed or timed out (the shared store)").register(metrics);
        Gauge.builder("gateway.state.store.available", available, up -> shared && up.get() ? 1 : 0)
                .description("1 while the shared store (Redis) answers; 0 when it does not, or is not configured")
                .register(metrics);
    }

    /** Whether the state is shared through Redis ({@code gateway.state.store=redis}). */
    public boolean isShared() {
        return redis != null;
    }

    /** The key prefix, as a Redis Cluster hash tag, so every key of the gateway lives in one slot. */
    public String key(String suffix) {
        return "{" + settings.keyPrefix() + "}:" + suffix;
    }

    /**
     * Runs one Redis command. Fails with {@link SharedStoreUnavailableException} when Redis fails, does not answer in
     * time, or failed less than {@code retry-interval} ago.
     */
    public Uni<Response> execute(String command, String... args) {
        return guarded(redis.execute(command, args));
    }

    /**
     * Runs {@code script} with {@code keys} and {@code args}: by its digest, and sending the text only when Redis does
     * not know it yet (after a restart or a failover), within one deadline.
     */
    public Uni<Response> eval(LuaScript script, List<String> keys, List<String> args) {
        return guarded(redis.execute("EVALSHA", arguments(script.sha1(), keys, args))
                .onFailure(SharedStore::isUnknownScript)
                .recoverWithUni(() -> redis.execute("EVAL", arguments(script.text(), keys, args))));
    }

    private Uni<Response> guarded(Uni<Response> call) {
        long now = System.nanoTime();
        long skipUntil = skipUntilNanos.get();
        if (!available.get() && now - skipUntil < 0) {
            return Uni.createFrom().failure(unavailable(Duration.ofNanos(skipUntil - now)));
        }
        return call.ifNoItem().after(settings.timeout()).fail()
                .onItem().invoke(this::answered)
                .onFailure().transform(this::failed);
    }

    private static String[] arguments(String script, List<String> keys, List<String> args) {
        List<String> all = new ArrayList<>(2 + keys.size() + args.size());
        all.add(script);
        all.add(Integer.toString(keys.size()));
        all.addAll(keys);
        all.addAll(args);
        return all.toArray(String[]::new);
    }

    private static boolean isUnknownScript(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOSCRIPT");
    }

    private void answered() {
        if (available.compareAndSet(false, true)) {
            Log.info("Redis answers again: limits are shared by the fleet and Idempotency-Key requests are accepted");
        }
    }

    private Throwable failed(Throwable failure) {
        failures.increment();
        skipUntilNanos.set(System.nanoTime() + settings.retryInterval().toNanos());
        if (available.compareAndSet(true, false)) {
            // The class only: a Redis error message can quote a key or a value.
            Log.warnf("Redis (the shared store) is unavailable (%s): each instance enforces its share of the limits, "
                    + "requests with an Idempotency-Key get 503; retrying every %d ms", failure.getClass().getSimpleName(),
                    settings.retryInterval().toMillis());
        }
        return unavailable(settings.retryInterval());
    }

    private static SharedStoreUnavailableException unavailable(Duration retryAfter) {
        return new SharedStoreUnavailableException("the shared store (Redis) is unavailable", retryAfter);
    }
}
