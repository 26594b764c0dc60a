package io.embedded.gateway.errors;

import static io.embedded.gateway.errors.ProblemResponses.problem;

import java.time.Duration;
import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.embedded.gateway.client.AirbyteException;

/**
 * Every failure to get a usable answer from Airbyte, whatever its cause, as one problem type per reason. The detail is
 * the type's own; the {@code Retry-After} is what Airbyte or the breaker said, else the type's default.
 */
public class UpstreamProblemMappers {

    @ServerExceptionMapper
    public Response upstream(AirbyteException e, UriInfo uri) {
        ProblemType type = switch (e.reason()) {
            case CREDENTIALS_REJECTED, TOKEN_REJECTED -> ProblemType.UPSTREAM_CREDENTIALS_REJECTED;
            case RATE_LIMITED -> ProblemType.UPSTREAM_RATE_LIMITED;
            case TIMEOUT -> ProblemType.UPSTREAM_TIMEOUT;
            case BAD_RESPONSE -> ProblemType.UPSTREAM_BAD_RESPONSE;
            case CIRCUIT_OPEN -> ProblemType.UPSTREAM_CIRCUIT_OPEN;
            case BUSY -> ProblemType.GATEWAY_BUSY;
            case UNAVAILABLE, UNREACHABLE, REQUEST_REJECTED -> ProblemType.UPSTREAM_ERROR;
        };
        Duration retryAfter = e.retryAfter()
                .orElse(type == ProblemType.UPSTREAM_RATE_LIMITED ? Duration.ofSeconds(30) : null);
        // Our exceptions' messages are written by us and hold no upstream body or secret.
        return problem(type, type.detail(), List.of(), uri, retryAfter, e.getMessage());
    }
}
