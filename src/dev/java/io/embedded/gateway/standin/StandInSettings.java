package io.embedded.gateway.standin;

import java.time.Duration;

/**
 * The stand-in's adjustable behaviour, read by all its parts on every request; {@link #reset()} restores what it was
 * started with. Volatile fields: a test changes them from its own thread while event loops read them.
 */
final class StandInSettings {

    private final StandInOptions options;

    /** Where the stand-in listens: the issuer of its tokens and the host of the widget URLs it hands out. */
    volatile String baseUrl = "http://localhost";
    volatile Duration operatorTokenLifetime;
    /** The expires_in answered with operator tokens when it differs from their JWT exp (null: it does not). */
    volatile Duration claimedOperatorTokenLifetime;
    volatile Duration scopedTokenLifetime;
    volatile int unauthorizedStatus;
    volatile StandInChaos chaos;
    /** Added to every Airbyte answer, as a timer; the benchmark's scenarios set it between runs. */
    volatile long latencyMillis;

    StandInSettings(StandInOptions options) {
        this.options = options;
        reset();
    }

    void reset() {
        operatorTokenLifetime = options.operatorTokenLifetime();
        claimedOperatorTokenLifetime = null;
        scopedTokenLifetime = Duration.ofMinutes(20);
        unauthorizedStatus = 401;
        chaos = StandInChaos.NONE;
        latencyMillis = options.latency().toMillis();
    }
}
