package io.embedded.gateway.http;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.rest.Problem;
import io.embedded.gateway.rest.ProblemType;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes a problem from a Vert.x handler, for refusals made before any resource runs, in the same shape as the
 * exception mappers' ({@code rest.ProblemMappers}); the audit, CORS and security-header filters have already run.
 */
@Singleton
public class RoutingProblems {

    private static final String PROBLEM_JSON = "application/problem+json";
    /** The refused URI itself may be megabytes of junk: the instance names at most this much of its path. */
    private static final int MAX_INSTANCE_LENGTH = 200;

    private final ObjectMapper json;

    RoutingProblems(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Ends the response with {@code type}'s problem. With {@code close}, the connection is closed once it is written:
     * whatever the client is still sending (an unread body) would otherwise be taken for its next request.
     */
    public void write(RoutingContext routing, ProblemType type, String detail, Duration retryAfter, boolean close) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(new Problem(type.type(), type.title(), type.status(), detail, instance(routing),
                    List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem with no user content could not be serialised", e);
        }
        var response = routing.response().setStatusCode(type.status()).putHeader("Content-Type", PROBLEM_JSON);
        if (retryAfter != null) {
            response.putHeader("Retry-After", Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        }
        if (close) {
            response.putHeader("Connection", "close");
        }
        response.end(Buffer.buffer(body)).onComplete(written -> {
            if (close) {
                routing.request().connection().close();
            }
        });
    }

    private static String instance(RoutingContext routing) {
        String path = routing.request().path();
        if (path == null) {
            return "/";
        }
        return path.length() > MAX_INSTANCE_LENGTH ? path.substring(0, MAX_INSTANCE_LENGTH) : path;
    }
}
