package io.embedded.gateway.support;

import java.util.List;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.standin.StandInRequest;

/** What the Airbyte stand-in received on behalf of requests, as opposed to the gateway's own background calls. */
public final class UpstreamCalls {

    private UpstreamCalls() {
    }

    /**
     * The URLs of the calls the stand-in received, without operator-token calls: the gateway's startup credentials
     * check is one, and it may reach the stand-in after a test's reset, so a test that asserts "nothing reached Airbyte"
     * would otherwise depend on timing.
     */
    public static List<String> forRequests(AirbyteStandIn standIn) {
        return standIn.requests().stream().map(StandInRequest::url)
                .filter(url -> !url.startsWith(AirbyteStandIn.OPERATOR_TOKEN_PATH)).toList();
    }
}
