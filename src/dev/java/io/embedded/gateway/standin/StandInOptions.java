package io.embedded.gateway.standin;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;

/**
 * How to start a stand-in: its port (0 picks a free one), the client ids it accepts (all with one secret), its event
 * loops, the latency it adds to every answer, the lifetime of its operator tokens, and whether it keeps a journal.
 */
public record StandInOptions(int port, Set<String> clientIds, String clientSecret, int eventLoops, Duration latency,
        Duration operatorTokenLifetime, boolean journal) {

    /** The documented defaults: one event loop, no added latency, 15-minute operator tokens, a journal for tests. */
    public static StandInOptions of(int port, String clientId, String clientSecret) {
        return new StandInOptions(port, Set.of(clientId), clientSecret, 1, Duration.ZERO, Duration.ofMinutes(15), true);
    }

    public StandInOptions {
        clientIds = Set.copyOf(clientIds);
        if (eventLoops < 1) {
            throw new IllegalArgumentException("a stand-in needs at least one event loop");
        }
    }

    public StandInOptions withClientIds(Collection<String> ids) {
        return new StandInOptions(port, Set.copyOf(ids), clientSecret, eventLoops, latency, operatorTokenLifetime, journal);
    }

    public StandInOptions withEventLoops(int loops) {
        return new StandInOptions(port, clientIds, clientSecret, loops, latency, operatorTokenLifetime, journal);
    }

    public StandInOptions withLatency(Duration added) {
        return new StandInOptions(port, clientIds, clientSecret, eventLoops, added, operatorTokenLifetime, journal);
    }

    public StandInOptions withOperatorTokenLifetime(Duration lifetime) {
        return new StandInOptions(port, clientIds, clientSecret, eventLoops, latency, lifetime, journal);
    }

    /** For long runs (dev mode, the benchmark): a journal nobody reads would only grow. */
    public StandInOptions withoutJournal() {
        return new StandInOptions(port, clientIds, clientSecret, eventLoops, latency, operatorTokenLifetime, false);
    }
}
