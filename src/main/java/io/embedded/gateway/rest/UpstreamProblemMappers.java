package io.embedded.gateway.rest;

import static io.embedded.gateway.rest.ProblemResponses.problem;

import java.time.Duration;
import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.embedded.gateway.client.AirbyteException;
import io.embedded.gateway.client.UpstreamAvailability;
import io.embedded.gateway.token.OperatorTokenRejectedTwiceException;
import io.embedded.gateway.widget.UndecodableTokenException;
import io.quarkus.logging.Log;

/**
 * Airbyte's failures, and fault tolerance's refusals to call it, as problems. Logged at WARN, not ERROR: they are not
 * our bugs, and their state changes (breakers, credentials) are logged once where they happen.
 */
public class UpstreamProblemMappers {

    private final UpstreamAvailability availability;

    UpstreamProblemMappers(UpstreamAvailability availability) {
        this.availability = availability;
    }

    @ServerExceptionMapper
    public Response upstream(AirbyteException e, UriInfo uri) {
        return switch (e.reason()) {
            case CREDENTIALS_REJECTED -> upstreamProblem(e, ProblemType.UPSTREAM_CREDENTIALS_REJECTED,
                    ProblemType.UPSTREAM_CREDENTIALS_REJECTED.detail(), uri, null);
            case TOKEN_REJECTED -> upstreamProblem(e, ProblemType.UPSTREAM_CREDENTIALS_REJECTED,
                    "Airbyte rejected the gateway's access token. Ask the operator to check the credentials.", uri, null);
            case RATE_LIMITED ->
                upstreamProblem(e, ProblemType.UPSTREAM_RATE_LIMITED, ProblemType.UPSTREAM_RATE_LIMITED.detail(), uri,
                        e.retryAfter().orElse(Duration.ofSeconds(30)));
            case TIMEOUT ->
                upstreamProblem(e, ProblemType.UPSTREAM_TIMEOUT, ProblemType.UPSTREAM_TIMEOUT.detail(), uri, null);
            case BAD_RESPONSE ->
                upstreamProblem(e, ProblemType.UPSTREAM_BAD_RESPONSE, ProblemType.UPSTREAM_BAD_RESPONSE.detail(),
                        uri, null);
            case UNAVAILABLE, UNREACHABLE, REQUEST_REJECTED ->
                upstreamProblem(e, ProblemType.UPSTREAM_ERROR, ProblemType.UPSTREAM_ERROR.detail(), uri, null);
        };
    }

    @ServerExceptionMapper
    public Response tokenRejectedTwice(OperatorTokenRejectedTwiceException e, UriInfo uri) {
        return upstreamProblem(e, ProblemType.UPSTREAM_CREDENTIALS_REJECTED,
                "Airbyte rejected the gateway's access token. Ask the operator to check the credentials.", uri, null);
    }

    @ServerExceptionMapper
    public Response undecodableToken(UndecodableTokenException e, UriInfo uri) {
        return upstreamProblem(e, ProblemType.UPSTREAM_BAD_RESPONSE,
                "Airbyte returned a widget token the widget could not open.", uri, null);
    }

    @ServerExceptionMapper
    public Response timeout(TimeoutException e, UriInfo uri) {
        return upstreamProblem(e, ProblemType.UPSTREAM_TIMEOUT, ProblemType.UPSTREAM_TIMEOUT.detail(), uri, null);
    }

    @ServerExceptionMapper
    public Response circuitOpen(CircuitBreakerOpenException e, UriInfo uri) {
        return upstreamProblem(e, ProblemType.UPSTREAM_CIRCUIT_OPEN, ProblemType.UPSTREAM_CIRCUIT_OPEN.detail(), uri,
                availability.pausedFor().orElse(Duration.ofSeconds(1)));
    }

    @ServerExceptionMapper
    public Response busy(BulkheadException e, UriInfo uri) {
        return upstreamProblem(e, ProblemType.GATEWAY_BUSY, ProblemType.GATEWAY_BUSY.detail(), uri,
                Duration.ofSeconds(1));
    }

    private static Response upstreamProblem(Throwable e, ProblemType type, String detail, UriInfo uri, Duration retryAfter) {
        // Our exceptions' messages are written by us and hold no upstream body or secret.
        Log.warnf("%s on %s: %s", type.type(), uri.getPath(), e.getMessage());
        return problem(type, detail, List.of(), uri, retryAfter);
    }
}
