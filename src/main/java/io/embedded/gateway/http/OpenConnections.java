package io.embedded.gateway.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The HTTP/1 connections open on the API port, so that a drain can close them cleanly: HTTP/1 has no GOAWAY, and Vert.x
 * 4 closes every connection together with the listener once the requests in flight have finished, cutting whatever a
 * client has just written on one of them. Once {@link #drain()} has been called, every answer whose headers are written
 * says {@code Connection: close} and closes its connection once written (in flight at the signal or not, 200 or 503),
 * and each connection idle at the signal is closed (an empty receive buffer makes that a FIN, not a reset), its client
 * learning it while it has nothing to send. HTTP/2 connections are left to Quarkus, which sends them a GOAWAY once it
 * is shutting down.
 * <p>
 * A connection idle at the signal is closed {@link #IDLE_GRACE_MILLIS} ms later unless a request comes first (whose
 * answer then closes it). Closing it at once would cut every client that had just read an answer and was writing its
 * next request on the same connection: the measured drain (scripts/drain.sh) lost a few such requests in every run. A
 * client that writes on a connection at the very instant the gateway closes it still loses that request; no HTTP/1
 * server can prevent that, only make it rare.
 * <p>
 * Per request this costs a lookup in a concurrent map, a field write and one headers-end handler, which is the
 * connection's own object: no allocation (vertx-web's list of headers-end handlers is there anyway, for
 * {@link SecurityHeaders}) and, until the signal, one volatile read when the headers are written. A connection is
 * registered by its first request (one small object, and one listener on its close future that forgets it) and
 * remembers only its latest request, which is how the drain tells an idle connection from a busy one; that keeps the
 * latest request's context reachable until the next one replaces it or the connection closes. A connection accepted but
 * still waiting for its first request is not known here, nor is an answer already streaming when the signal comes;
 * Vert.x closes those with the listener.
 */
@Singleton
public class OpenConnections {

    /**
     * How long a connection idle at the signal is left open for its client's next request: far longer than a busy
     * client takes between reading an answer and writing its next request, and shorter than the shutdown delay. Without
     * a delay the drain may end sooner, and the connection closes with the listener.
     */
    static final long IDLE_GRACE_MILLIS = 500;

    private final Map<HttpConnection, OpenConnection> open = new ConcurrentHashMap<>();
    private volatile boolean draining;

    void install(@Observes Router router) {
        // First of all routes, before any handler that may wait for something (a body, a security check), so that a
        // request that has begun is always known here before a drain can take its connection for idle.
        router.route().order(Integer.MIN_VALUE).handler(this::track);
    }

    private void track(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if (request.version() != HttpVersion.HTTP_2) {
            HttpConnection connection = request.connection();
            OpenConnection known = open.get(connection);
            if (known == null && connection instanceof ConnectionBase base) {
                known = new OpenConnection(base);
                open.put(connection, known);
                base.closeFuture().onComplete(closed -> open.remove(connection));
            }
            if (known != null) {
                known.latest = routing;
                routing.addHeadersEndHandler(known);
            }
        }
        routing.next();
    }

    /**
     * From now on every answer closes its connection; each connection idle now is closed soon, on its event loop.
     * Returns at once.
     */
    void drain() {
        draining = true;
        for (OpenConnection connection : open.values()) {
            connection.context.runOnContext(connection.closeIfIdle);
        }
    }

    /** One open connection. Its handlers run on its event loop (or on the thread that ends a response). */
    private final class OpenConnection implements Handler<Void> {

        private final ConnectionBase connection;
        private final Context context;
        private final Handler<Void> closeIfIdle = ignored -> closeIfIdle();
        private RoutingContext latest;

        OpenConnection(ConnectionBase connection) {
            this.connection = connection;
            this.context = connection.getContext();
        }

        /** The headers of the latest request's answer are about to be written. */
        @Override
        public void handle(Void headersEnd) {
            if (draining) {
                latest.response().headers().set(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
                latest.addEndHandler(ended -> connection.close());
            }
        }

        private void closeIfIdle() {
            RoutingContext idleSince = latest;
            if (idleSince != null && !idleSince.response().ended()) {
                return; // its answer will close it
            }
            context.owner().setTimer(IDLE_GRACE_MILLIS, timer -> {
                if (latest == idleSince) {
                    connection.close();
                }
            });
        }
    }
}
