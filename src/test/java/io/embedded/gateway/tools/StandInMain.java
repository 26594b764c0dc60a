package io.embedded.gateway.tools;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.standin.StandInOptions;

/**
 * Runs the Airbyte stand-in as its own process, for the benchmark, drain, soak and smoke scripts. Arguments:
 * {@code port clientIds clientSecret [--event-loops=1] [--latency-ms=0] [--token-lifetime-s=900] [--fault-rate=0]
 * [--seed=42]}; clientIds is a comma-separated list sharing the secret, so that the benchmark's own direct calls fetch
 * tokens under another name. {@code GET /__standin/stats} counts calls; {@code POST /__standin/latency?ms=N} sets the
 * added latency. No journal: these runs are long and never read one.
 */
public final class StandInMain {

    private static final Set<String> OPTIONS = Set.of("event-loops", "latency-ms", "token-lifetime-s", "fault-rate", "seed");

    private StandInMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: StandInMain port clientIds clientSecret [--name=value ...]");
        }
        Map<String, String> options = options(Arrays.copyOfRange(args, 3, args.length));
        int eventLoops = Integer.parseInt(options.getOrDefault("event-loops", "1"));
        long latencyMillis = Long.parseLong(options.getOrDefault("latency-ms", "0"));
        List<String> clientIds = List.of(args[1].split(","));
        AirbyteStandIn standIn = AirbyteStandIn.start(StandInOptions.of(Integer.parseInt(args[0]), clientIds.get(0), args[2])
                .withClientIds(clientIds).withEventLoops(eventLoops)
                .withLatency(Duration.ofMillis(latencyMillis))
                .withOperatorTokenLifetime(Duration.ofSeconds(Long.parseLong(options.getOrDefault("token-lifetime-s", "900"))))
                .withoutJournal());
        if (options.containsKey("fault-rate")) {
            standIn.randomFaults(Double.parseDouble(options.get("fault-rate")),
                    Long.parseLong(options.getOrDefault("seed", "42")));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(standIn::close));
        System.out.println("stand-in ready at " + standIn.baseUrl() + " with " + eventLoops + " event loop(s), "
                + latencyMillis + " ms added latency");
        Thread.currentThread().join();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String[] nameAndValue = arg.replaceFirst("^--", "").split("=", 2);
            if (!arg.startsWith("--") || nameAndValue.length != 2 || !OPTIONS.contains(nameAndValue[0])) {
                throw new IllegalArgumentException(
                        "unknown option " + arg + "; known: --" + String.join("=, --", OPTIONS) + "=");
            }
            options.put(nameAndValue[0], nameAndValue[1]);
        }
        return options;
    }
}
