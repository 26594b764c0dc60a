package io.embedded.gateway.http;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.embedded.gateway.errors.ProblemType;
import io.embedded.gateway.errors.RoutingProblems;
import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Refusals by the HTTP layer (body too large, URI too long, headers too large, a request the router cannot take) in
 * the documented problem format, with their audit line and without stack traces. Quarkus and Vert.x would otherwise
 * answer them with empty bodies, and a chunked body over the limit used to fail inside the JSON reader and log two
 * ERROR stack traces. Bodies are read here, within {@code quarkus.http.limits.max-body-size}, before any resource runs.
 * <p>
 * Requests beyond the HTTP decoder's own limits ({@code quarkus.http.limits.max-initial-line-length} and
 * {@code max-header-size}, set well above ours) or not HTTP at all never reach a handler: Vert.x answers them with an
 * empty 414, 431 or 400 and closes the connection (its hook for those answers is not exposed by Quarkus).
 */
@Singleton
public class HttpLayerProblems {

    /** Longest request URI (path and query) we take; the API's longest real one is far below. */
    public static final int MAX_URI_LENGTH = 4096;
    /** Most header bytes we take (names, values and separators): room for a large JWT and proxy headers. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** After the filters (audit, CORS, security headers: negative priorities), before Quarkus's body-size check (-2). */
    static final int ORDER = -3;

    private final long maxBodyBytes;
    private final RoutingProblems problems;

    HttpLayerProblems(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            RoutingProblems problems) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.problems = problems;
    }

    void install(@Observes Router router) {
        router.route().order(ORDER - 1).handler(this::checkRequestHead).failureHandler(this::answer);
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(maxBodyBytes).setMergeFormAttributes(false);
        router.route().order(ORDER).handler(routing -> {
            // A request without a body has nothing to read here (and an empty buffer would not be handed on: RESTEasy
            // would wait for an end that was already consumed). HTTP/2 requests are left to RESTEasy's stream: it pauses
            // every request, which HTTP/2 refuses once the body has been read; their declared length was checked above.
            HttpServerRequest request = routing.request();
            if (request.isEnded() || !announcesBody(request) || request.version() == HttpVersion.HTTP_2) {
                routing.next();
                return;
            }
            // Quarkus pauses every request until a handler takes its body, and resumes it as its own body handler does.
            request.resume();
            bodies.handle(routing);
        });
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean announcesBody(HttpServerRequest request) {
        return request.headers().contains("Transfer-Encoding") || declaredLength(request) > 0;
    }

    private void checkRequestHead(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if (request.uri().length() > MAX_URI_LENGTH) {
            routing.fail(414);
            return;
        }
        int headerBytes = 0;
        for (var header : request.headers()) {
            headerBytes += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headerBytes > MAX_HEADER_BYTES) {
            routing.fail(431);
            return;
        }
        if (declaredLength(request) > maxBodyBytes) {
            routing.fail(413);
            return;
        }
        routing.next();
    }

    /**
     * Writes the problem for a refusal the router or a handler reported as a 4xx status (Vert.x reports an undecodable
     * path or query as 400 with the decoding exception); ends quietly when the client closed the connection; anything
     * else, our bugs included, goes on to Quarkus's handler, which logs it.
     */
    private void answer(RoutingContext routing) {
        HttpServerResponse response = routing.response();
        if (routing.failure() instanceof HttpClosedException || response.closed()) {
            // The client went away mid-request, typically while sending its body: nobody to answer and nothing of ours
            // failed. Quarkus's handler would log an ERROR per such request, naming its URI with the query.
            Log.debugf("The client closed the connection during a request to %s", routing.request().path());
            return;
        }
        ProblemType type = ProblemType.ofHttpRefusal(routing.statusCode()).orElse(null);
        if (type == null || response.headWritten()) {
            routing.next();
            return;
        }
        Log.debugf("%s on %s (%s)", type.type(), routing.request().path(),
                routing.failure() == null ? "refused by the HTTP layer" : routing.failure().getClass().getSimpleName());
        // The request may not have been read to its end (a large body, or a head we refused): do not reuse the
        // connection.
        boolean close = type != ProblemType.NOT_FOUND && type != ProblemType.METHOD_NOT_ALLOWED;
        problems.write(routing, type, detail(type), null, close);
    }

    private String detail(ProblemType type) {
        return switch (type) {
            case PAYLOAD_TOO_LARGE -> "The request body is larger than " + maxBodyBytes + " bytes.";
            case URI_TOO_LONG -> "The request URI is longer than " + MAX_URI_LENGTH + " characters.";
            case HEADERS_TOO_LARGE -> "The request headers are larger than " + MAX_HEADER_BYTES + " bytes.";
            default -> type.httpRefusalDetail();
        };
    }
}
