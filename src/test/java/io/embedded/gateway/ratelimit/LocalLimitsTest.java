package io.embedded.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import io.embedded.gateway.identity.CallerIdentity;
import io.embedded.gateway.identity.IdentityMode;

/** The limits' arithmetic, on a fake clock. */
class LocalLimitsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void shouldAllowABurstOfTheLimitThenOnePerInterval() {
        Limiter limiter = limiter(3, Duration.ofHours(1), 100, Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            limiter.acquire(caller("alice"), Budget.WRITE);
        }

        RateLimitedException refused = refused(limiter, "alice");
        assertThat(refused.scope()).isEqualTo(RateLimitedException.Scope.IDENTITY);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(20));

        advance(Duration.ofMinutes(19));
        assertThat(refused(limiter, "alice").retryAfter()).isEqualTo(Duration.ofMinutes(1));
        advance(Duration.ofMinutes(1));
        assertThatCode(() -> limiter.acquire(caller("alice"), Budget.WRITE)).doesNotThrowAnyException();
        assertThat(refused(limiter, "alice").retryAfter()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void shouldKeepIdentitiesApart() {
        Limiter limiter = limiter(1, Duration.ofHours(1), 100, Duration.ofHours(1));
        limiter.acquire(caller("alice"), Budget.WRITE);
        assertThat(refused(limiter, "alice").scope()).isEqualTo(RateLimitedException.Scope.IDENTITY);

        assertThatCode(() -> limiter.acquire(caller("bob"), Budget.WRITE)).doesNotThrowAnyException();
        assertThatCode(() -> limiter.acquire(new CallerIdentity("alice", "other-tenant", "w", IdentityMode.JWT), Budget.WRITE))
                .as("same user in another tenant is another identity").doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseEveryoneOnceTheGlobalAllowanceIsUsedWithoutChargingThem() {
        Limiter limiter = limiter(2, Duration.ofHours(1), 3, Duration.ofHours(1));
        limiter.acquire(caller("alice"), Budget.WRITE);
        limiter.acquire(caller("alice"), Budget.WRITE);
        limiter.acquire(caller("bob"), Budget.WRITE);

        RateLimitedException refused = refused(limiter, "bob");
        assertThat(refused.scope()).isEqualTo(RateLimitedException.Scope.GLOBAL);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(20));

        advance(Duration.ofMinutes(20));
        assertThatCode(() -> limiter.acquire(caller("bob"), Budget.WRITE)).as("bob's own permit was given back")
                .doesNotThrowAnyException();
    }

    @Test
    void shouldRefillNoMoreThanTheLimit() {
        Limiter limiter = limiter(2, Duration.ofMinutes(10), 100, Duration.ofHours(1));
        advance(Duration.ofDays(3));
        limiter.acquire(caller("alice"), Budget.WRITE);
        limiter.acquire(caller("alice"), Budget.WRITE);
        assertThat(refused(limiter, "alice").retryAfter()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldKeepReadsAndWritesApart() {
        Limiter limiter = limiter(1, Duration.ofHours(1), 100, Duration.ofHours(1));
        limiter.acquire(caller("alice"), Budget.WRITE);
        assertThat(refused(limiter, "alice").budget()).isEqualTo(Budget.WRITE);

        // Reads: 2 per identity, 3 in all (Config below).
        limiter.acquire(caller("alice"), Budget.READ);
        limiter.acquire(caller("alice"), Budget.READ);
        RateLimitedException refusedRead = refusal(() -> limiter.acquire(caller("alice"), Budget.READ));
        assertThat(refusedRead.budget()).isEqualTo(Budget.READ);
        assertThat(refusedRead.scope()).isEqualTo(RateLimitedException.Scope.IDENTITY);
        assertThat(refusedRead.retryAfter()).isEqualTo(Duration.ofMinutes(30));
        limiter.acquire(caller("bob"), Budget.READ);
        assertThat(refusal(() -> limiter.acquire(caller("carol"), Budget.READ)).scope())
                .isEqualTo(RateLimitedException.Scope.GLOBAL);
    }

    /** The refusal of a write by {@code user}; fails the test when the write passes. */
    private RateLimitedException refused(Limiter limiter, String user) {
        return refusal(() -> limiter.acquire(caller(user), Budget.WRITE));
    }

    private static RateLimitedException refusal(ThrowingCallable acquire) {
        RateLimitedException refused = catchThrowableOfType(RateLimitedException.class, acquire);
        assertThat(refused).as("refused with RateLimitedException").isNotNull();
        return refused;
    }

    @Test
    void shouldChargeTheGatewaysOwnCallsToTheGlobalAllowanceOnly() {
        Limiter limiter = limiter(2, Duration.ofHours(1), 3, Duration.ofHours(1));
        limiter.acquire(caller("alice"), Budget.WRITE);
        limits(limiter).acquireGlobal(Budget.WRITE, now.get());

        assertThat(limiter.acquire(caller("alice"), Budget.WRITE).identity().remaining())
                .as("provisioning left alice's own allowance alone").isZero();
        RateLimitedException refused = refusal(() -> limits(limiter).acquireGlobal(Budget.WRITE, now.get()));
        assertThat(refused.scope()).isEqualTo(RateLimitedException.Scope.GLOBAL);
        assertThat(refused(limiter, "bob").scope()).as("three of three used").isEqualTo(RateLimitedException.Scope.GLOBAL);
        assertThatCode(() -> limits(limiter).acquireGlobal(Budget.READ, now.get())).as("reads have their own")
                .doesNotThrowAnyException();
    }

    private static LocalLimits limits(Limiter limiter) {
        return limiter.limits;
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Test
    void shouldTellWhatIsLeftOfBothLimits() {
        Limiter limiter = limiter(3, Duration.ofHours(1), 10, Duration.ofHours(1));
        Allowance left = limiter.acquire(caller("alice"), Budget.WRITE);

        assertThat(left.identity()).isEqualTo(new Allowance.Quota(3, Duration.ofHours(1), 2, Duration.ofMinutes(20)));
        assertThat(left.global()).isEqualTo(new Allowance.Quota(10, Duration.ofHours(1), 9, Duration.ofMinutes(6)));
        limiter.acquire(caller("alice"), Budget.WRITE);
        limiter.acquire(caller("alice"), Budget.WRITE);
        assertThat(refused(limiter, "alice").allowance().identity().remaining()).isZero();
    }

    @Test
    void shouldEnforceAShareOfEachLimitPerReplica() {
        Limiter limiter = new Limiter(new LocalLimits(new Config(7, Duration.ofHours(1), 10, Duration.ofHours(1)), 3,
                now.get()));
        limiter.acquire(caller("alice"), Budget.WRITE);
        limiter.acquire(caller("alice"), Budget.WRITE);
        assertThat(refused(limiter, "alice").scope()).as("7 / 3 replicas: 2 each")
                .isEqualTo(RateLimitedException.Scope.IDENTITY);
        limiter.acquire(caller("bob"), Budget.WRITE);
        assertThat(refused(limiter, "carol").scope()).as("10 / 3 replicas: 3 each")
                .isEqualTo(RateLimitedException.Scope.GLOBAL);
    }

    private Limiter limiter(int perIdentity, Duration perIdentityPeriod, int global, Duration globalPeriod) {
        return new Limiter(new LocalLimits(new Config(perIdentity, perIdentityPeriod, global, globalPeriod), 1, now.get()));
    }

    /** The limits, read on the test's clock. */
    private final class Limiter {

        private final LocalLimits limits;

        Limiter(LocalLimits limits) {
            this.limits = limits;
        }

        Allowance acquire(CallerIdentity caller, Budget budget) {
            return limits.acquire(caller.key(), budget, now.get());
        }
    }

    private static CallerIdentity caller(String user) {
        return new CallerIdentity(user, null, user, IdentityMode.BODY);
    }

    private record Config(int perIdentityLimit, Duration perIdentityPeriod, int globalLimit, Duration globalPeriod)
            implements
                RateLimitConfig {

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public int maxTrackedIdentities() {
            return 1000;
        }

        @Override
        public Reads reads() {
            return new ReadLimits(2, Duration.ofHours(1), 3, Duration.ofHours(1));
        }
    }

    private record ReadLimits(int perIdentityLimit, Duration perIdentityPeriod, int globalLimit, Duration globalPeriod)
            implements
                RateLimitConfig.Reads {
    }
}
