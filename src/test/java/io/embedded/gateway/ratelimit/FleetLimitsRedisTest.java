package io.embedded.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.embedded.gateway.identity.CallerIdentity;
import io.embedded.gateway.identity.IdentityMode;
import io.embedded.gateway.state.Digests;
import io.embedded.gateway.state.LuaScript;
import io.embedded.gateway.state.RedisStores;
import io.embedded.gateway.state.SharedStore;
import io.embedded.gateway.state.SharedStoreUnavailableException;
import io.embedded.gateway.support.RedisAvailable;
import io.embedded.gateway.support.RedisServer;
import io.vertx.mutiny.redis.client.Response;

/**
 * The fleet's limits ({@link FleetLimits}) on the installed {@code redis-server} (Debian 12: Redis 7.0), and on older
 * Redis versions as far as the script can tell them apart: what Redis keeps of a caller, whose keys two gateways on one
 * Redis share, and what happens when Redis refuses the script.
 */
@ExtendWith(RedisAvailable.class)
class FleetLimitsRedisTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final Policy POLICY = new Policy(3, Duration.ofHours(1), 6, Duration.ofHours(1));
    static final String CLIENT_ID = "partner-a-client";

    /**
     * Redis 3.2 to 4, as the script sees them: a script is replicated verbatim unless it calls
     * {@code redis.replicate_commands()} first, and then a write after {@code TIME} is refused. A local {@code redis}
     * shadows the real one for the script that follows.
     */
    static final String REDIS_4 = """
            local real = redis
            local effects, nondeterministic = false, false
            local redis = {}
            function redis.replicate_commands() effects = true return true end
            function redis.call(command, ...)
              local name = string.upper(command)
              if name == 'TIME' then nondeterministic = true end
              if name == 'SET' and nondeterministic and not effects then
                error({err = 'ERR Write commands not allowed after non deterministic commands. Call '
                  .. 'redis.replicate_commands() at the start of your script in order to switch to single commands '
                  .. 'replication mode.'})
              end
              return real.call(command, ...)
            end
            """;

    /** Redis before 3.2: the same refusal, and no {@code redis.replicate_commands()} to avoid it. */
    static final String REDIS_3_0 = REDIS_4.replace("function redis.replicate_commands() effects = true return true end\n",
            "");

    static RedisServer redis;
    RedisStores stores;
    final List<LogRecord> warnings = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            // Warnings and errors: what an operator is alerted by.
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void emptyRedis() {
        redis.flush();
        stores = new RedisStores();
        Logger.getLogger("io.embedded.gateway.state").addHandler(capture);
    }

    @AfterEach
    void closeStores() {
        Logger.getLogger("io.embedded.gateway.state").removeHandler(capture);
        stores.close();
    }

    @Test
    void shouldChargeBothLimitsOnTheInstalledRedis() {
        FleetLimits limits = new FleetLimits(stores.store(redis.url(), CLIENT_ID));
        String identity = caller("user-1");

        for (int i = 0; i < POLICY.perIdentityLimit(); i++) {
            Allowance allowance = acquire(limits, identity);
            assertThat(allowance.identity().remaining()).isEqualTo(POLICY.perIdentityLimit() - 1 - i);
            assertThat(allowance.global().remaining()).isEqualTo(POLICY.globalLimit() - 1 - i);
        }
        assertThatThrownBy(() -> acquire(limits, identity)).isInstanceOfSatisfying(RateLimitedException.class,
                refused -> assertThat(refused.scope()).isEqualTo(RateLimitedException.Scope.IDENTITY));
        assertThat(redis.command("INFO server")).as("the reply's first line").startsWith("$");
    }

    @Test
    void shouldChargeTheGatewaysOwnCallsToTheFleetsGlobalLimitOnly() {
        FleetLimits limits = new FleetLimits(stores.store(redis.url(), CLIENT_ID));
        String identity = caller("user-1");
        acquire(limits, identity);
        for (int i = 0; i < POLICY.globalLimit() - 2; i++) {
            limits.acquireGlobal(Budget.WRITE, POLICY).await().atMost(WAIT);
        }

        Allowance last = acquire(limits, identity);
        assertThat(last.identity().remaining()).as("only two of the caller's own").isEqualTo(POLICY.perIdentityLimit() - 2);
        assertThat(last.global().remaining()).isZero();
        assertThatThrownBy(() -> limits.acquireGlobal(Budget.WRITE, POLICY).await().atMost(WAIT))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        refused -> assertThat(refused.scope()).isEqualTo(RateLimitedException.Scope.GLOBAL));
    }

    @Test
    void shouldKeepNothingInRedisThatConfirmsAGuessedUserId() {
        FleetLimits limits = new FleetLimits(stores.store(redis.url(), CLIENT_ID));
        String identity = caller("alice@partner.example");

        acquire(limits, identity);

        List<String> keys = keys();
        assertThat(keys).hasSize(2);
        // Someone who reads Redis and guesses a user id must not be able to check the guess by hashing it.
        assertThat(String.join("\n", keys)).doesNotContain(Digests.sha256(identity, new byte[0])).doesNotContain("alice");
    }

    @Test
    void shouldNotShareLimitsBetweenGatewaysOfDifferentAirbyteApplicationsOnOneRedis() {
        FleetLimits partnerA = new FleetLimits(stores.store(redis.url(), "partner-a-client"));
        FleetLimits partnerB = new FleetLimits(stores.store(redis.url(), "partner-b-client"));

        for (int i = 0; i < POLICY.globalLimit(); i++) {
            acquire(partnerA, caller("a-user-" + i));
        }

        assertThatThrownBy(() -> acquire(partnerA, caller("another-a-user"))).isInstanceOf(RateLimitedException.class);
        assertThat(acquire(partnerB, caller("a-b-user")).global().remaining())
                .as("partner B's global allowance is its own").isEqualTo(POLICY.globalLimit() - 1);
    }

    @Test
    void shouldRunOnARedisThatReplicatesScriptsVerbatim() {
        SharedStore store = stores.store(redis.url(), CLIENT_ID);

        Response answer = take(store, REDIS_4);

        assertThat(answer.get(0).toInteger()).as("taken").isZero();
        assertThat(warnings).isEmpty();
    }

    @Test
    void shouldSayOnceWhyTheFleetLimitsAreNotUsedWhenRedisRefusesTheScript() {
        SharedStore store = stores.store(redis.url(), CLIENT_ID);

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> take(store, REDIS_3_0)).isInstanceOf(SharedStoreUnavailableException.class);
            // Redis itself answers: the rest of the shared state (idempotency records) goes on working.
            assertThat(store.execute("SET", store.key("other"), "v").await().atMost(WAIT).toString()).isEqualTo("OK");
        }

        assertThat(warnings).as("one line, however many requests").hasSize(1);
        LogRecord line = warnings.get(0);
        assertThat(line.getLevel().intValue()).isGreaterThanOrEqualTo(Level.SEVERE.intValue());
        assertThat(message(line)).contains("rate-limit").contains("Write commands not allowed after non deterministic");
    }

    private static Response take(SharedStore store, String shim) {
        // FleetLimits's script behind the shim, with FleetLimits's arguments for POLICY.
        LuaScript script = LuaScript.of(FleetLimits.TAKE.name(), shim + FleetLimits.TAKE.text());
        return store.eval(script, List.of(store.key("t:identity"), store.key("t:global")),
                List.of("1200000000", "3600000000", "600000000", "3600000000")).await().atMost(WAIT);
    }

    private static Allowance acquire(FleetLimits limits, String identity) {
        return limits.acquire(identity, Budget.WRITE, POLICY).await().atMost(WAIT);
    }

    private static String caller(String user) {
        return new CallerIdentity(user, null, user, IdentityMode.JWT).key();
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        try (RedisStores lister = new RedisStores()) {
            Response all = lister.store(redis.url(), CLIENT_ID).execute("KEYS", "*").await().atMost(WAIT);
            all.forEach(key -> keys.add(key.toString()));
        }
        return keys;
    }

    private static String message(LogRecord record) {
        return record.getParameters() == null ? record.getMessage()
                : String.format(record.getMessage(), record.getParameters());
    }
}
