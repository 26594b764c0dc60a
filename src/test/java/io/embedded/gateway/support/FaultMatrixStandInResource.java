package io.embedded.gateway.support;

import java.util.Map;

/**
 * The stand-in with breakers that trip after a handful of failures and reopen within a test's patience, and a fast
 * credentials recheck. Only configuration differs from production, never code.
 */
public class FaultMatrixStandInResource extends AirbyteStandInResource {

    public static final int BREAKER_VOLUME = 4;
    public static final int BREAKER_DELAY_MILLIS = 1_500;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        config.put(ft(CLIENT, "circuit-breaker.request-volume-threshold"), String.valueOf(BREAKER_VOLUME));
        config.put("airbyte.resilience.circuit-breaker-delay-millis", String.valueOf(BREAKER_DELAY_MILLIS));
        config.put("airbyte.resilience.credentials-recheck-interval", "300ms");
        return config;
    }
}
