package io.embedded.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.embedded.gateway.state.LuaScript;
import io.embedded.gateway.state.SharedStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * The limits of the whole fleet, on Redis: the same token buckets as {@link TokenBucket} (GCRA), both limits of a budget
 * checked and charged by one script in one round trip, on Redis's clock so that the pods' clocks do not matter.
 */
@ApplicationScoped
class FleetLimits {

    /**
     * KEYS: the caller's bucket, the global bucket. ARGV: for each, the emission interval and the tolerance in
     * microseconds. Returns {refusing scope (0 none, 1 identity, 2 global), wait, identity remaining, identity until
     * full, global remaining, global until full}, times in microseconds. Values are written with %.0f: Lua 5.1 would
     * print a microsecond timestamp in exponent notation and lose its last digits.
     * <p>
     * Redis 3.2 to 4 replicate a script verbatim by default, and so refuse a write after {@code TIME}, whose answer a
     * replica would not share: the first line switches them to replicating the script's effects (the default from Redis
     * 5, the only mode from 7, where the call does nothing). Before 3.2 there is no such call and Redis refuses the
     * script, which {@code SharedStore} logs once; the fleet then keeps each instance's share of the limits.
     */
    static final LuaScript TAKE = LuaScript.of("rate-limit", """
            if redis.replicate_commands then redis.replicate_commands() end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local function arrival(key)
              local tat = tonumber(redis.call('GET', key)) or now
              if tat < now then return now end
              return tat
            end
            local ie, it, ge, gt = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
            local itat, gtat = arrival(KEYS[1]), arrival(KEYS[2])
            local function left(tat, e, tol) return math.floor((tol - (tat - now)) / e) end
            local iwait = itat + ie - now - it
            local gwait = gtat + ge - now - gt
            if iwait > 0 then
              return {1, iwait, left(itat, ie, it), itat - now, left(gtat, ge, gt), gtat - now}
            end
            if gwait > 0 then
              return {2, gwait, left(itat, ie, it), itat - now, left(gtat, ge, gt), gtat - now}
            end
            itat, gtat = itat + ie, gtat + ge
            redis.call('SET', KEYS[1], string.format('%.0f', itat), 'PX', math.ceil((itat - now) / 1000) + 1)
            redis.call('SET', KEYS[2], string.format('%.0f', gtat), 'PX', math.ceil((gtat - now) / 1000) + 1)
            return {0, 0, left(itat, ie, it), itat - now, left(gtat, ge, gt), gtat - now}
            """);

    /**
     * KEYS: the global bucket. ARGV: its emission interval and tolerance in microseconds. The same algorithm as
     * {@link #TAKE} on the global bucket alone; returns the wait in microseconds, 0 when the call was counted.
     */
    static final LuaScript TAKE_GLOBAL = LuaScript.of("rate-limit-global", """
            if redis.replicate_commands then redis.replicate_commands() end
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local e, tol = tonumber(ARGV[1]), tonumber(ARGV[2])
            local tat = tonumber(redis.call('GET', KEYS[1])) or now
            if tat < now then tat = now end
            local wait = tat + e - now - tol
            if wait > 0 then return wait end
            tat = tat + e
            redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000) + 1)
            return 0
            """);

    private final SharedStore store;

    FleetLimits(SharedStore store) {
        this.store = store;
    }

    /** Counts one request of {@code identity} against {@code budget}; fails when Redis is unavailable. */
    Uni<Allowance> acquire(String identity, Budget budget, Policy policy) {
        String prefix = "rate:" + budget.name().toLowerCase(Locale.ROOT) + ":";
        long identityEmission = emissionMicros(policy.perIdentityPeriod(), policy.perIdentityLimit());
        long globalEmission = emissionMicros(policy.globalPeriod(), policy.globalLimit());
        // The identity as a keyed hash: Redis holds no user ids, nor anything a guessed one can be checked against.
        List<String> keys = List.of(store.hashedKey(prefix + "identity", identity), store.key(prefix + "global"));
        List<String> args = List.of(Long.toString(identityEmission),
                Long.toString(identityEmission * policy.perIdentityLimit()), Long.toString(globalEmission),
                Long.toString(globalEmission * policy.globalLimit()));
        return store.eval(TAKE, keys, args).map(answer -> outcome(answer, budget, policy));
    }

    /** Counts one call the gateway makes on its own against {@code budget}'s global limit; fails when Redis does. */
    Uni<Void> acquireGlobal(Budget budget, Policy policy) {
        long emission = emissionMicros(policy.globalPeriod(), policy.globalLimit());
        List<String> keys = List.of(store.key("rate:" + budget.name().toLowerCase(Locale.ROOT) + ":global"));
        List<String> args = List.of(Long.toString(emission), Long.toString(emission * policy.globalLimit()));
        return store.eval(TAKE_GLOBAL, keys, args).map(wait -> {
            if (wait.toLong() > 0) {
                throw new RateLimitedException(RateLimitedException.Scope.GLOBAL, budget, micros(wait.toLong()), null);
            }
            return null;
        });
    }

    private static Allowance outcome(Response answer, Budget budget, Policy policy) {
        var allowance = new Allowance(
                new Allowance.Quota(policy.perIdentityLimit(), policy.perIdentityPeriod(), answer.get(2).toLong(),
                        micros(answer.get(3).toLong())),
                new Allowance.Quota(policy.globalLimit(), policy.globalPeriod(), answer.get(4).toLong(),
                        micros(answer.get(5).toLong())));
        int refusing = answer.get(0).toInteger();
        if (refusing == 0) {
            return allowance;
        }
        var scope = refusing == 1 ? RateLimitedException.Scope.IDENTITY : RateLimitedException.Scope.GLOBAL;
        throw new RateLimitedException(scope, budget, micros(answer.get(1).toLong()), allowance);
    }

    private static long emissionMicros(Duration period, int limit) {
        return Math.max(1, period.toNanos() / 1000 / limit);
    }

    private static Duration micros(long micros) {
        return Duration.ofNanos(Math.max(0, micros) * 1000);
    }
}
