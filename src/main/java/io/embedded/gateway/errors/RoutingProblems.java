package io.embedded.gateway.errors;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes a problem from a Vert.x handler, for refusals made before any resource runs: the body and {@code Retry-After}
 * come from {@link ProblemResponses}, as the exception mappers' do; the audit, CORS and security-header filters have
 * already run.
 */
@Singleton
public class RoutingProblems {

    /** The refused URI itself may be megabytes of junk: the instance names at most this much of its path. */
    private static final int MAX_INSTANCE_LENGTH = 200;

    private final ObjectMapper json;

    public RoutingProblems(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Ends the response with {@code type}'s problem. With {@code close}, the connection is closed once it is written:
     * whatever the client is still sending (an unread body) would otherwise be taken for its next request.
     */
    public void write(RoutingContext routing, ProblemType type, String detail, Duration retryAfter, boolean close) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(ProblemResponses.body(type, detail, List.of(), instance(routing)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem with no user content could not be serialised", e);
        }
        var response = routing.response().setStatusCode(type.status()).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (retryAfter != null) {
            response.putHeader("Retry-After", Long.toString(ProblemResponses.retryAfterSeconds(retryAfter)));
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
