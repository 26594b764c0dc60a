package io.embedded.gateway.standin;

import java.util.Optional;
import java.util.Random;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

/** Random faults for soak runs: with a given probability an answer is replaced by one of Airbyte's bad days. */
final class StandInChaos {

    static final StandInChaos NONE = new StandInChaos(0, 0);

    private final double rate;
    private final Random random;

    StandInChaos(double rate, long seed) {
        this.rate = rate;
        this.random = new Random(seed);
    }

    synchronized Optional<ResponseDefinition> maybeFault() {
        if (rate <= 0 || random.nextDouble() >= rate) {
            return Optional.empty();
        }
        ResponseDefinitionBuilder fault = switch (random.nextInt(7)) {
            case 0 -> new ResponseDefinitionBuilder().withStatus(500).withBody("{\"message\":\"internal\",\"errors\":[]}");
            case 1 -> new ResponseDefinitionBuilder().withStatus(502).withHeader("Content-Type", "text/html")
                    .withBody("<html>bad gateway</html>");
            case 2 -> new ResponseDefinitionBuilder().withStatus(503);
            case 3 -> new ResponseDefinitionBuilder().withStatus(429).withHeader("Retry-After", "1");
            case 4 -> new ResponseDefinitionBuilder().withFault(Fault.CONNECTION_RESET_BY_PEER);
            case 5 -> new ResponseDefinitionBuilder().withStatus(200).withBody("{not json");
            default -> new ResponseDefinitionBuilder().withStatus(503).withFixedDelay(3_000);
        };
        return Optional.of(fault.build());
    }
}
