package io.embedded.gateway.standin;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * The stand-in's HTTP listener on a Vert.x of its own (never the application's): one server per event loop, all on
 * one loopback port, sharing one request handler.
 */
final class StandInServer implements AutoCloseable {

    private static final long STARTUP_SECONDS = 30;

    private final Vertx vertx;
    private final int port;

    private StandInServer(Vertx vertx, int port) {
        this.vertx = vertx;
        this.port = port;
    }

    /** Listens on {@code port} (0: a free one) with {@code eventLoops} event loops; blocks until it listens. */
    static StandInServer start(int port, int eventLoops, Function<Vertx, Handler<HttpServerRequest>> handlerFor) {
        // Nothing read from the class path through Vert.x, so no file cache directory left behind in /tmp.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setWorkerPoolSize(2)
                .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false)
                        .setFileCachingEnabled(false)));
        try {
            Handler<HttpServerRequest> handler = handlerFor.apply(vertx);
            AtomicInteger bound = new AtomicInteger();
            // The first server picks the port when asked for 0; the others then share exactly that one.
            await(vertx.deployVerticle(() -> new Listener(port, handler, bound), new DeploymentOptions()));
            if (eventLoops > 1) {
                await(vertx.deployVerticle(() -> new Listener(bound.get(), handler, bound),
                        new DeploymentOptions().setInstances(eventLoops - 1)));
            }
            return new StandInServer(vertx, bound.get());
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    /** Stops listening and cancels pending delayed answers; blocks until the port is free again. */
    @Override
    public void close() {
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(STARTUP_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Airbyte stand-in failed to start or stop", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the Airbyte stand-in did not start or stop in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting or stopping the Airbyte stand-in", e);
        }
    }

    /** One event loop's server. */
    private static final class Listener extends AbstractVerticle {
        private final int port;
        private final Handler<HttpServerRequest> handler;
        private final AtomicInteger bound;

        Listener(int port, Handler<HttpServerRequest> handler, AtomicInteger bound) {
            this.port = port;
            this.handler = handler;
            this.bound = bound;
        }

        @Override
        public void start(Promise<Void> started) {
            vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
                    .requestHandler(handler).listen().onSuccess(server -> bound.set(server.actualPort()))
                    .<Void> mapEmpty().onComplete(started);
        }
    }
}
