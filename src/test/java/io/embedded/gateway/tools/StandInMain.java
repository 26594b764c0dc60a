package io.embedded.gateway.tools;

import io.embedded.gateway.standin.AirbyteStandIn;

/**
 * Runs the Airbyte stand-in as its own process, for the soak and benchmark scripts.
 * Arguments: port clientId clientSecret [faultRate] [seed].
 */
public final class StandInMain {

    private StandInMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        AirbyteStandIn standIn = AirbyteStandIn.start(Integer.parseInt(args[0]), args[1], args[2]);
        if (args.length > 3) {
            standIn.randomFaults(Double.parseDouble(args[3]), args.length > 4 ? Long.parseLong(args[4]) : 42);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(standIn::close));
        System.out.println("stand-in ready at " + standIn.baseUrl());
        Thread.currentThread().join();
    }
}
