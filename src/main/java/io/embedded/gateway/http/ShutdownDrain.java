package io.embedded.gateway.http;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.embedded.gateway.errors.ProblemType;
import io.embedded.gateway.errors.RoutingProblems;
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
 * <p>
 * A refused request's 503 is held until no new request has come for {@link #QUIET_MILLIS}. Quarkus closes the listener
 * the moment the last request in flight has ended, and a client whose 200 closed its connection reconnects at once: had
 * that answer been the last, its next request would be cut by the closing listener. Held refusals keep the count of
 * requests in flight above zero while such clients come back, so each gets a 503 whose {@code Retry-After} (1 s) outlasts
 * the rest of the drain. The hold ends at the latest {@link #MAX_HOLD_MILLIS} after the drain began, for clients that
 * come back at once whatever they are told.
 */
@Singleton
public class ShutdownDrain {

    /** After CORS (300), so that a browser can read the 503; before the body is read (HttpLayerProblems). */
    private static final int PRIORITY = 200;

    /** Longer than a client takes to reconnect after an answer, shorter than the 503's {@code Retry-After}. */
    static final long QUIET_MILLIS = 500;

    /** Bounds the hold when refused clients keep coming back, well inside {@code quarkus.shutdown.timeout}. */
    static final long MAX_HOLD_MILLIS = 3_000;

    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS);
    private static final long MAX_HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_HOLD_MILLIS);

    private final Duration delay;
    private final RoutingProblems problems;
    private final OpenConnections connections;
    private volatile boolean shuttingDown;
    private volatile long drainingFromNanos;
    private volatile long latestRefusalNanos;

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
        latestRefusalNanos = System.nanoTime();
        refuseOnceQuiet(routing);
    }

    /** Answers 503 once no request has been refused for a quiet while, or the hold has lasted long enough. */
    private void refuseOnceQuiet(RoutingContext routing) {
        if (routing.response().closed()) {
            return;
        }
        long now = System.nanoTime();
        long answerAt = Math.min(latestRefusalNanos + QUIET_NANOS, drainingFromNanos + MAX_HOLD_NANOS);
        long waitMillis = TimeUnit.NANOSECONDS.toMillis(answerAt - now);
        if (waitMillis > 0) {
            routing.vertx().setTimer(waitMillis, timer -> refuseOnceQuiet(routing));
            return;
        }
        problems.write(routing, ProblemType.SHUTTING_DOWN, ProblemType.SHUTTING_DOWN.detail(), Duration.ofSeconds(1), true);
    }
}
