package io.embedded.gateway.events;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.embedded.gateway.state.LuaScript;
import io.embedded.gateway.state.SharedStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Events in Redis, shared by the fleet: stored before the caller gets its 202, claimed by whichever instance polls first.
 * Keys (all under the fleet's hash tag): {@code events:source:<sourceId>} (a hash: {@code id}, {@code body},
 * {@code created}, {@code attempts}, {@code state}, {@code lease}; kept after delivery without its body, so the source
 * never gets a second event), {@code events:due} (sources by when their next attempt is due; a claimed one by when its
 * lease ends), {@code events:pending} (sources not delivered nor failed, by when they were stored) and
 * {@code events:failed} (sources given up on, by when). The scripts touch the event hashes they are handed a prefix for:
 * every key shares one hash tag, so one Redis Cluster slot.
 */
final class RedisEventStore implements EventStore {

    /** KEYS: the event, due, pending. ARGV: webhook id, body, created ms, source id. 1 if stored, 0 if it existed. */
    static final LuaScript STORE = LuaScript.of("events-store", """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('HMSET', KEYS[1], 'id', ARGV[1], 'body', ARGV[2], 'created', ARGV[3], 'attempts', 0, 'state', 'pending')
            redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
            redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
            return 1
            """);

    /**
     * KEYS: due, pending. ARGV: now ms, lease ms, most to claim, event key prefix, lease token. Returns the number pending,
     * the oldest's creation ms ('' when none) and per claim {source, id, body, created, attempt, lease}.
     */
    static final LuaScript CLAIM = LuaScript.of("events-claim", """
            local now = tonumber(ARGV[1])
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
            local claims = {}
            for i, source in ipairs(due) do
              local key = ARGV[4] .. source
              local fields = redis.call('HMGET', key, 'id', 'body', 'created', 'state')
              if fields[1] and fields[2] and fields[4] == 'pending' then
                local attempt = redis.call('HINCRBY', key, 'attempts', 1)
                local lease = ARGV[5] .. ':' .. i
                redis.call('HSET', key, 'lease', lease)
                redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), source)
                claims[#claims + 1] = {source, fields[1], fields[2], fields[3], attempt, lease}
              else
                redis.call('ZREM', KEYS[1], source)
                redis.call('ZREM', KEYS[2], source)
              end
            end
            local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
            return {redis.call('ZCARD', KEYS[2]), oldest[2] or '', claims}
            """);

    /**
     * KEYS: the event, due, pending, failed. ARGV: lease, outcome (delivered, retry, failed), next ms or failed-at ms,
     * source id. Does nothing (0) unless the lease still holds.
     */
    static final LuaScript SETTLE = LuaScript.of("events-settle", """
            if redis.call('HGET', KEYS[1], 'lease') ~= ARGV[1] then return 0 end
            redis.call('HDEL', KEYS[1], 'lease')
            if ARGV[2] == 'retry' then
              redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
              return 1
            end
            redis.call('ZREM', KEYS[2], ARGV[4])
            redis.call('ZREM', KEYS[3], ARGV[4])
            redis.call('HSET', KEYS[1], 'state', ARGV[2])
            if ARGV[2] == 'delivered' then
              redis.call('HDEL', KEYS[1], 'body')
            else
              redis.call('HSET', KEYS[1], 'failed', ARGV[3])
              redis.call('ZADD', KEYS[4], ARGV[3], ARGV[4])
            end
            return 1
            """);

    /** KEYS: failed. ARGV: most to list, event key prefix. Per event, newest first: {source, id, attempts, failed, body}. */
    static final LuaScript FAILED = LuaScript.of("events-failed", """
            local sources = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
            local events = {}
            for i, source in ipairs(sources) do
              local fields = redis.call('HMGET', ARGV[2] .. source, 'id', 'attempts', 'failed', 'body')
              if fields[1] then
                events[#events + 1] = {source, fields[1], fields[2], fields[3] or '0', fields[4] or 'null'}
              end
            end
            return events
            """);

    private final SharedStore store;
    private volatile Backlog backlog = Backlog.EMPTY;

    RedisEventStore(SharedStore store) {
        this.store = store;
    }

    private String eventKey(String sourceId) {
        return store.key("events:source:" + sourceId);
    }

    @Override
    public Uni<Boolean> store(StoredEvent event) {
        return store.eval(STORE, List.of(eventKey(event.sourceId()), store.key("events:due"), store.key("events:pending")),
                List.of(event.webhookId(), event.body(), Long.toString(event.createdMillis()), event.sourceId()))
                .map(stored -> stored != null && stored.toInteger() == 1);
    }

    @Override
    public Uni<List<Claim>> claimDue(long nowMillis, Duration lease, int max) {
        // Background work: a slow poll must not mark the shared store down for the requests.
        return store.evalInBackground(CLAIM, List.of(store.key("events:due"), store.key("events:pending")),
                List.of(Long.toString(nowMillis), Long.toString(lease.toMillis()), Integer.toString(max),
                        eventKey(""), UUID.randomUUID().toString()))
                .map(this::claims);
    }

    private List<Claim> claims(Response answer) {
        long pending = answer.get(0).toLong();
        String oldest = answer.get(1).toString();
        backlog = pending == 0 || oldest.isEmpty() ? Backlog.EMPTY : new Backlog(pending, (long) Double.parseDouble(oldest));
        List<Claim> claims = new ArrayList<>();
        for (Response claim : answer.get(2)) {
            StoredEvent event = new StoredEvent(claim.get(1).toString(), claim.get(0).toString(), claim.get(2).toString(),
                    Long.parseLong(claim.get(3).toString()));
            claims.add(new Claim(event, claim.get(4).toInteger(), claim.get(5).toString()));
        }
        return claims;
    }

    @Override
    public Uni<Void> delivered(Claim claim) {
        return settle(claim, "delivered", 0);
    }

    @Override
    public Uni<Void> retryAt(Claim claim, long nextMillis) {
        return settle(claim, "retry", nextMillis);
    }

    @Override
    public Uni<Void> failed(Claim claim, long nowMillis) {
        return settle(claim, "failed", nowMillis);
    }

    private Uni<Void> settle(Claim claim, String outcome, long millis) {
        String source = claim.event().sourceId();
        return store.eval(SETTLE, List.of(eventKey(source), store.key("events:due"), store.key("events:pending"),
                store.key("events:failed")), List.of(claim.lease(), outcome, Long.toString(millis), source))
                .replaceWithVoid();
    }

    @Override
    public Backlog backlog() {
        return backlog;
    }

    @Override
    public Uni<List<FailedEvent>> failedEvents(int max) {
        return store.eval(FAILED, List.of(store.key("events:failed")), List.of(Integer.toString(max), eventKey("")))
                .map(answer -> {
                    List<FailedEvent> events = new ArrayList<>();
                    for (Response event : answer) {
                        events.add(new FailedEvent(event.get(1).toString(), event.get(0).toString(),
                                Integer.parseInt(event.get(2).toString()),
                                Instant.ofEpochMilli(Long.parseLong(event.get(3).toString())).toString(),
                                event.get(4).toString()));
                    }
                    return events;
                });
    }
}
