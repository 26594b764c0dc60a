package io.embedded.gateway.ratelimit;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.embedded.gateway.identity.CallerIdentity;
import io.embedded.gateway.state.SharedStore;
import io.embedded.gateway.state.SharedStoreUnavailableException;
import io.embedded.gateway.state.StateConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * Per-identity and global limits on requests that may call Airbyte, one pair per {@link Budget}. With the memory store
 * they hold for this instance; with Redis, for the whole fleet ({@link FleetLimits}), falling back to this instance's
 * share ({@code gateway.state.redis.fallback-replicas}) while Redis is unavailable. Call {@link #acquire} once per such
 * request after the caller is authenticated.
 */
@ApplicationScoped
public class RateLimiter {

    private final boolean enabled;
    private final SharedStore store;
    private final FleetLimits fleet;
    private final Map<Budget, Policy> policies = new EnumMap<>(Budget.class);
    /** All of every limit (memory store), or this instance's share of them (Redis store, while Redis is down). */
    private final LocalLimits local;
    private final Map<Budget, Map<RateLimitedException.Scope, Counter>> refusals = new EnumMap<>(Budget.class);

    RateLimiter(RateLimitConfig config, StateConfig state, SharedStore store, FleetLimits fleet, MeterRegistry metrics) {
        this.enabled = config.enabled();
        this.store = store;
        this.fleet = fleet;
        int replicas = store.isShared() ? state.redis().fallbackReplicas() : 1;
        this.local = new LocalLimits(config, replicas, System.nanoTime());
        for (Budget budget : Budget.values()) {
            policies.put(budget, Policy.of(config, budget));
            // Against gateway.rate-limit.max-tracked-identities: at the cap, identities start to be forgotten.
            Gauge.builder("gateway.rate.limit.tracked.identities", local, limits -> limits.trackedIdentities(budget))
                    .description("Caller identities whose rate-limit state this instance holds")
                    .tag("budget", tag(budget)).register(metrics);
            Map<RateLimitedException.Scope, Counter> counters = new EnumMap<>(RateLimitedException.Scope.class);
            for (RateLimitedException.Scope scope : RateLimitedException.Scope.values()) {
                counters.put(scope, Counter.builder("gateway.rate.limit.refusals")
                        .description("Requests refused by a gateway rate limit, before any call to Airbyte")
                        .tag("scope", tag(scope)).tag("budget", tag(budget)).register(metrics));
            }
            refusals.put(budget, counters);
        }
    }

    /**
     * Counts one request of {@code caller} against {@code budget}; answers what is left (null when limits are off), or
     * fails with {@link RateLimitedException} when the caller's or the gateway's allowance is used up.
     */
    public Uni<Allowance> acquire(CallerIdentity caller, Budget budget) {
        if (!enabled) {
            return Uni.createFrom().nullItem();
        }
        String identity = caller.key();
        Uni<Allowance> counted = store.isShared()
                ? fleet.acquire(identity, budget, policies.get(budget))
                        .onFailure(SharedStoreUnavailableException.class)
                        .recoverWithUni(() -> locally(identity, budget))
                : locally(identity, budget);
        return counted.onFailure(RateLimitedException.class)
                .invoke(refused -> refusals.get(budget).get(((RateLimitedException) refused).scope()).increment());
    }

    /**
     * Counts one call to Airbyte the gateway makes on a caller's behalf beyond the request it charged (provisioning a
     * workspace before a first create) against {@code budget}'s global limit: Airbyte's budget is spent either way.
     * Fails with {@link RateLimitedException} (global scope) when it is used up.
     */
    public Uni<Void> acquireGlobal(Budget budget) {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> counted = store.isShared()
                ? fleet.acquireGlobal(budget, policies.get(budget))
                        .onFailure(SharedStoreUnavailableException.class)
                        .recoverWithUni(() -> globallyHere(budget))
                : globallyHere(budget);
        return counted.onFailure(RateLimitedException.class)
                .invoke(refused -> refusals.get(budget).get(RateLimitedException.Scope.GLOBAL).increment());
    }

    private Uni<Void> globallyHere(Budget budget) {
        return Uni.createFrom().item(() -> {
            local.acquireGlobal(budget, System.nanoTime());
            return null;
        });
    }

    private Uni<Allowance> locally(String identity, Budget budget) {
        return Uni.createFrom().item(() -> local.acquire(identity, budget, System.nanoTime()));
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
