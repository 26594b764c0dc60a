package io.embedded.gateway.http;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.embedded.gateway.rest.ProblemType;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/**
 * Graceful shutdown under load. On SIGTERM Quarkus first reports not ready for {@code quarkus.shutdown.delay}, while
 * load balancers stop routing here; requests are served as usual meanwhile. Then it waits up to
 * {@code quarkus.shutdown.timeout} for in-flight requests, and from that moment this filter answers every new request
 * with {@code 503 shutting-down}, {@code Retry-After} and {@code Connection: close}. Without it Quarkus keeps serving
 * new requests while it drains, so under steady load the count of requests in flight never reaches zero, the timeout
 * expires and the requests still running are cut with connection resets.
 * <p>
 * From the signal on, no HTTP/1 connection is left open for a client to write its next request on while the listener
 * closes: every answer sent after the signal (to a request in flight when it came, served during the delay, or refused)
 * says {@code Connection: close} and closes its connection, and keep-alive connections idle at the signal are closed
 * soon after ({@link OpenConnections}). During the delay that also moves a load balancer's pooled connections to other
 * replicas.
 */
@Singleton
public class ShutdownDrain {

    /** After CORS (300), so that a browser can read the 503; before the body is read (HttpLayerProblems). */
    private static final int PRIORITY = 200;

    private final Duration delay;
    private final RoutingProblems problems;
    private final OpenConnections connections;
    private volatile boolean shuttingDown;
    private volatile long drainingFromNanos;

    ShutdownDrain(@ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> delay, RoutingProblems problems,
            OpenConnections connections) {
        this.delay = delay.orElse(Duration.ZERO);
        this.problems = problems;
        this.connections = connections;
    }

    void register(@Observes Filters filters) {
        filters.register(this::refuseWhileDraining, PRIORITY);
    }

    void delayStarted(@Observes ShutdownDelayInitiatedEvent event) {
        drainingFromNanos = System.nanoTime() + delay.toNanos();
        shuttingDown = true;
        connections.drain();
        Log.infof("Shutting down: not ready for %d ms while load balancers stop routing here, then new requests get 503"
                + " until the requests in flight have finished", delay.toMillis());
    }

    private void refuseWhileDraining(RoutingContext routing) {
        if (!shuttingDown) {
            routing.next();
            return;
        }
        if (System.nanoTime() - drainingFromNanos < 0) {
            // Still routed here, maybe over a load balancer's pooled connection: served, and the answer closes the
            // connection (OpenConnections), so that the balancer's next request opens a new one, to another replica.
            routing.next();
            return;
        }
        Log.debugf("Refused %s %s: shutting down", routing.request().method(), routing.request().path());
        problems.write(routing, ProblemType.SHUTTING_DOWN, ProblemType.SHUTTING_DOWN.detail(), Duration.ofSeconds(1), true);
    }
}
