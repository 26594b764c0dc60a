package io.embedded.gateway.idempotency;

import java.time.Duration;
import java.util.List;

import io.embedded.gateway.state.LuaScript;
import io.embedded.gateway.state.SharedStore;
import io.smallrye.mutiny.Uni;

/** Records in Redis, shared by the fleet: a retry that reaches another instance finds the first request's record. */
final class RedisIdempotencyRecords implements IdempotencyRecords {

    /** KEYS: the record. ARGV: the new record, its time to live in ms. Returns the existing record, or nil if stored. */
    static final LuaScript CLAIM = LuaScript.of("idempotency-claim", """
            local existing = redis.call('GET', KEYS[1])
            if existing then return existing end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return false
            """);

    /** KEYS: the record. ARGV: the owner's token, the new record, its time to live in ms. Returns 1 if replaced. */
    static final LuaScript REPLACE = LuaScript.of("idempotency-replace", """
            local existing = redis.call('GET', KEYS[1])
            if not existing or string.sub(existing, 1, #ARGV[1] + 1) ~= ARGV[1] .. '\\n' then return 0 end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1
            """);

    /** KEYS: the record. ARGV: the owner's token. Deletes the record only if that token owns it. */
    static final LuaScript RELEASE = LuaScript.of("idempotency-release", """
            local existing = redis.call('GET', KEYS[1])
            if existing and string.sub(existing, 1, #ARGV[1] + 1) == ARGV[1] .. '\\n' then redis.call('DEL', KEYS[1]) end
            return 0
            """);

    private final SharedStore store;

    RedisIdempotencyRecords(SharedStore store) {
        this.store = store;
    }

    /** The caller and its key as an HMAC under the fleet's key-hash key: Redis holds no user id. */
    private String redisKey(String key) {
        return store.hashedKey("idempotency", key);
    }

    /** Keyed, like the record's key: the body may hold a source's credentials. */
    @Override
    public String fingerprint(String head, byte[] body) {
        return store.digest(head, body);
    }

    @Override
    public Uni<String> claim(String key, String record, Duration ttl) {
        return store.eval(CLAIM, List.of(redisKey(key)), List.of(record, Long.toString(ttl.toMillis())))
                .map(existing -> existing == null ? null : existing.toString());
    }

    @Override
    public Uni<Boolean> replace(String key, String token, String record, Duration ttl) {
        return store.eval(REPLACE, List.of(redisKey(key)), List.of(token, record, Long.toString(ttl.toMillis())))
                .map(replaced -> replaced != null && replaced.toInteger() == 1);
    }

    @Override
    public Uni<Void> release(String key, String token) {
        return store.eval(RELEASE, List.of(redisKey(key)), List.of(token)).replaceWithVoid();
    }
}
