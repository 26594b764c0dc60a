package io.embedded.gateway.idempotency;

import java.time.Duration;
import java.util.List;

import io.embedded.gateway.state.LuaScript;
import io.embedded.gateway.state.SharedStore;
import io.smallrye.mutiny.Uni;

/** Records in Redis, shared by the fleet: a retry that reaches another instance finds the first request's record. */
final class RedisIdempotencyRecords implements IdempotencyRecords {

    /** KEYS: the record. ARGV: the new record, its time to live in ms. Returns the existing record, or nil if stored. */
    static final LuaScript CLAIM = LuaScript.of("""
            local existing = redis.call('GET', KEYS[1])
            if existing then return existing end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return false
            """);

    private final SharedStore store;

    RedisIdempotencyRecords(SharedStore store) {
        this.store = store;
    }

    @Override
    public Uni<String> claim(String key, String record, Duration ttl) {
        return store.eval(CLAIM, List.of(store.key(key)), List.of(record, Long.toString(ttl.toMillis())))
                .map(existing -> existing == null ? null : existing.toString());
    }

    @Override
    public Uni<Void> store(String key, String record, Duration ttl) {
        return store.execute("SET", store.key(key), record, "PX", Long.toString(ttl.toMillis())).replaceWithVoid();
    }

    @Override
    public Uni<Void> release(String key) {
        return store.execute("DEL", store.key(key)).replaceWithVoid();
    }
}
