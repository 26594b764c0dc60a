package io.embedded.gateway.standin;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Random faults for soak runs: with a given probability an answer is replaced by one of Airbyte's bad days. */
final class StandInChaos {

    static final StandInChaos NONE = new StandInChaos(0, 0);

    private final double rate;
    private final Random random;

    StandInChaos(double rate, long seed) {
        this.rate = rate;
        this.random = new Random(seed);
    }

    Optional<StandInAnswer> maybeFault() {
        if (rate <= 0) {
            return Optional.empty();
        }
        // One draw sequence for all event loops, so that a seed reproduces the same faults.
        synchronized (random) {
            if (random.nextDouble() >= rate) {
                return Optional.empty();
            }
            return Optional.of(switch (random.nextInt(7)) {
                case 0 -> StandInAnswer.respond(500, List.of(), "{\"message\":\"internal\",\"errors\":[]}");
                case 1 -> StandInAnswer.respond(502, List.of(Map.entry("Content-Type", "text/html")),
                        "<html>bad gateway</html>");
                case 2 -> StandInAnswer.respond(503, List.of(), "");
                case 3 -> StandInAnswer.respond(429, List.of(Map.entry("Retry-After", "1")), "");
                case 4 -> StandInAnswer.RESET_CONNECTION;
                case 5 -> StandInAnswer.respond(200, List.of(), "{not json");
                default -> StandInAnswer.respond(503, List.of(), "").delayedBy(3_000);
            });
        }
    }
}
