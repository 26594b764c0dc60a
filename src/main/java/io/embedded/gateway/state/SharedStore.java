package io.embedded.gateway.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Provider;

import org.eclipse.microprofile.config.Config;

import io.embedded.gateway.client.AirbyteConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * The fleet's shared store, when {@code gateway.state.store=redis}: every Redis round trip goes through here, bounded by
 * {@code gateway.state.redis.timeout}. Redis is shared like Airbyte, so its failure never makes a pod unready: after a
 * failure, calls fail at once for {@code retry-interval} and then one tries again; each change of state is logged once
 * and counted.
 */
@Startup
@ApplicationScoped
public class SharedStore {

    /** Longest reason from Redis that a log line quotes. */
    private static final int MAX_REASON_LENGTH = 300;

    private final StateConfig.Redis settings;
    private final StoreKeys keys;
    private final ReactiveRedisDataSource redis;
    private final AtomicBoolean available = new AtomicBoolean(true);
    /** Until when (System.nanoTime) calls fail without trying, after a failure. */
    private final AtomicLong skipUntilNanos = new AtomicLong(System.nanoTime());
    private final Counter failures;
    private final MeterRegistry metrics;
    /** Scripts whose last run Redis refused, so that each refusal is logged once and its end once. */
    private final Set<String> refusedScripts = ConcurrentHashMap.newKeySet();

    @Inject
    SharedStore(StateConfig config, AirbyteConfig airbyte, Config rawConfig, Instance<ReactiveRedisDataSource> redis,
            MeterRegistry metrics) {
        this(config.redis(), keys(config, rawConfig, airbyte.clientId()), redis, metrics);
    }

    /** A store naming its keys with {@code keys} on the Redis {@code redis} provides, or the memory store without keys. */
    SharedStore(StateConfig.Redis settings, StoreKeys keys, Provider<ReactiveRedisDataSource> redis, MeterRegistry metrics) {
        this.settings = settings;
        this.keys = keys;
        // Only resolved when chosen: the memory store never creates a Redis client.
        this.redis = keys == null ? null : redis.get();
        this.metrics = metrics;
        boolean shared = keys != null;
        if (shared) {
            Log.infof("The fleet's shared state is in Redis, every key under the hash tag {%s}", keys.prefix());
        }
        this.failures = Counter.builder("gateway.state.store.failures")
                .description("Redis round trips that failed or timed out (the shared store)").register(metrics);
        Gauge.builder("gateway.state.store.available", available, up -> shared && up.get() ? 1 : 0)
                .description("1 while the shared store (Redis) answers; 0 when it does not, or is not configured")
                .register(metrics);
    }

    /**
     * Opens the first connection at startup, outside the request timeout: a cold client (its connection, its classes) can
     * take longer than {@code gateway.state.redis.timeout} for its first round trip, which would otherwise be taken for
     * an outage by whatever asks first (a request, or the source-event poller). Its outcome is not an outage either way.
     */
    void warmUp(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent started) {
        if (isShared()) {
            redis.execute("PING").subscribe().with(answered -> Log.debug("Redis answered the first PING"),
                    failure -> Log.debugf("Redis did not answer the first PING (%s)", failure.getClass().getSimpleName()));
        }
    }

    /** The keys of the redis store, checked; null with the memory store. */
    private static StoreKeys keys(StateConfig config, Config rawConfig, String airbyteClientId) {
        if (config.store() != StateConfig.Store.REDIS) {
            return null;
        }
        if (rawConfig.getOptionalValue("quarkus.redis.hosts", String.class).filter(h -> !h.isBlank()).isEmpty()) {
            throw new ConfigurationException("gateway.state.store=redis needs quarkus.redis.hosts (QUARKUS_REDIS_HOSTS), "
                    + "e.g. redis://redis:6379");
        }
        return StoreKeys.of(config.redis(), airbyteClientId);
    }

    /** Whether the state is shared through Redis ({@code gateway.state.store=redis}). */
    public boolean isShared() {
        return redis != null;
    }

    /**
     * The key {@code suffix} under this deployment's prefix, a Redis Cluster hash tag, so every key of the gateway lives
     * in one slot. {@code suffix} must name no caller: see {@link #hashedKey}.
     */
    public String key(String suffix) {
        return keys().key(suffix);
    }

    /**
     * The key for what {@code identifying} names (a caller, a caller's request) in {@code namespace}: the namespace
     * readable, {@code identifying} as an HMAC under {@code gateway.state.redis.key-hash-key}, which cannot be tested
     * against a guess without that key.
     */
    public String hashedKey(String namespace, String identifying) {
        return keys().hashedKey(namespace, identifying);
    }

    /**
     * A digest of {@code text} then {@code bytes} to keep in Redis (a request's fingerprint): an HMAC under the key-hash
     * key, so that a body holding credentials cannot be confirmed against a guess by whoever reads Redis.
     */
    public String digest(String text, byte[] bytes) {
        return keys().hash(text, bytes);
    }

    private StoreKeys keys() {
        if (keys == null) {
            throw new IllegalStateException("Redis keys exist only with gateway.state.store=redis");
        }
        return keys;
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
                .recoverWithUni(() -> redis.execute("EVAL", arguments(script.text(), keys, args))), script);
    }

    /**
     * Runs {@code script} for background work (the source-event poller), which must not decide for the requests whether
     * Redis is up: while Redis is known to be down it fails at once, as {@link #eval} does, but its own failures (within
     * four request timeouts) change no state, log nothing and count nothing; the requests' own round trips do that.
     */
    public Uni<Response> evalInBackground(LuaScript script, List<String> keys, List<String> args) {
        long now = System.nanoTime();
        long skipUntil = skipUntilNanos.get();
        if (!available.get() && now - skipUntil < 0) {
            return Uni.createFrom().failure(unavailable(Duration.ofNanos(skipUntil - now)));
        }
        return redis.execute("EVALSHA", arguments(script.sha1(), keys, args))
                .onFailure(SharedStore::isUnknownScript)
                .recoverWithUni(() -> redis.execute("EVAL", arguments(script.text(), keys, args)))
                .ifNoItem().after(settings.timeout().multipliedBy(4)).fail()
                .onFailure().transform(failure -> unavailable(settings.retryInterval()));
    }

    private Uni<Response> guarded(Uni<Response> call) {
        return guarded(call, null);
    }

    /**
     * Bounds {@code call} by the timeout and skips it while Redis is known to be down. When {@code script} is given, an
     * error the script raised (a bug, or a Redis too old for it) is not an outage: Redis answered, and everything else
     * it serves goes on; the script fails alone, logged once.
     */
    private Uni<Response> guarded(Uni<Response> call, LuaScript script) {
        long now = System.nanoTime();
        long skipUntil = skipUntilNanos.get();
        if (!available.get() && now - skipUntil < 0) {
            return Uni.createFrom().failure(unavailable(Duration.ofNanos(skipUntil - now)));
        }
        return call.ifNoItem().after(settings.timeout()).fail()
                .onItem().invoke(() -> answered(script))
                .onFailure().transform(failure -> script != null && isScriptError(failure)
                        ? refused(script, failure)
                        : failed(failure));
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

    /** Whether Redis answered with an error (as opposed to not answering). */
    private static boolean isErrorReply(Throwable failure) {
        return failure instanceof io.vertx.redis.client.Response reply && reply.type() == ResponseType.ERROR;
    }

    /**
     * Whether Redis answered that the script failed: it raised an error, a command in it was refused, or it did not
     * compile. Every Redis since 2.6 names the script's chunk {@code user_script} in those errors, and no other error
     * (an outage, {@code BUSY}, {@code LOADING}, {@code READONLY} after a failover, {@code NOAUTH}) does.
     */
    private static boolean isScriptError(Throwable failure) {
        return isErrorReply(failure) && failure.getMessage() != null && failure.getMessage().contains("user_script");
    }

    private void answered(LuaScript script) {
        if (available.compareAndSet(false, true)) {
            Log.info("Redis answers again: limits are shared by the fleet and Idempotency-Key requests are accepted");
        }
        if (script != null && refusedScripts.remove(script.name())) {
            Log.infof("Redis runs the %s script again", script.name());
        }
    }

    private Throwable refused(LuaScript script, Throwable failure) {
        answered(null);
        Counter.builder("gateway.state.store.script.errors")
                .description("Runs of a script that Redis answered with an error (a bug, or a Redis too old for it)")
                .tag("script", script.name()).register(metrics).increment();
        if (refusedScripts.add(script.name())) {
            // Once, not per request. Redis's message names the script's line and the refusal, never the arguments.
            Log.errorf("Redis refuses the %s script, so until it runs what it does is not shared by the fleet (limits: "
                    + "this instance's share; Idempotency-Key requests: 503); Redis itself answers and the rest of "
                    + "the shared state goes on: %s", script.name(), reason(failure));
        }
        return new SharedStoreUnavailableException("Redis refused the " + script.name() + " script",
                settings.retryInterval());
    }

    /** Redis's own reason, on one bounded line. */
    private static String reason(Throwable failure) {
        String message = failure.getMessage().lines().findFirst().orElse("");
        return message.length() > MAX_REASON_LENGTH ? message.substring(0, MAX_REASON_LENGTH) + "…" : message;
    }

    private Throwable failed(Throwable failure) {
        failures.increment();
        skipUntilNanos.set(System.nanoTime() + settings.retryInterval().toNanos());
        if (available.compareAndSet(true, false)) {
            // The class only: a Redis error message can quote a key or a value.
            Log.warnf("Redis (the shared store) is unavailable (%s): each instance enforces its share of the limits, "
                    + "requests with an Idempotency-Key get 503; retrying every %d ms", cause(failure),
                    settings.retryInterval().toMillis());
        }
        return unavailable(settings.retryInterval());
    }

    /**
     * What went wrong, without Redis's message (an error about a command can quote its arguments): the error code when
     * Redis answered ({@code READONLY}, {@code NOAUTH}, {@code OOM}, ...), else the failure's class.
     */
    private static String cause(Throwable failure) {
        if (isErrorReply(failure) && failure.getMessage() != null) {
            return "Redis answered " + failure.getMessage().split(" ", 2)[0];
        }
        return failure.getClass().getSimpleName();
    }

    private static SharedStoreUnavailableException unavailable(Duration retryAfter) {
        return new SharedStoreUnavailableException("the shared store (Redis) is unavailable", retryAfter);
    }
}
