package io.embedded.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.errors.RoutingProblems;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * What a request that only announces a body costs before anyone knows who sent it: HttpLayerProblems reads every body
 * (up to {@code quarkus.http.limits.max-body-size}) before a resource authenticates the caller. Vert.x's body handler
 * can size its buffer from {@code Content-Length} up front; ours must not, or a connection that announces 16 KiB and
 * sends nothing would hold 16 KiB. Measured as the heap the event loop allocates per such request, on HttpLayerProblems's
 * own routes, against requests that announce a tiny body and send as much of it.
 */
class AnnouncedBodyMemoryTest {

    static final int LIMIT = 16 * 1024;
    static final int REQUESTS = 200;

    Vertx vertx;
    HttpServer server;
    long eventLoop;
    final AtomicInteger heads = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();
    final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        // One event loop, so that every request's allocations are on one thread.
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        Router router = Router.router(vertx);
        router.route().order(-100).handler(routing -> {
            heads.incrementAndGet();
            routing.next();
        });
        new HttpLayerProblems(new MemorySize(BigInteger.valueOf(LIMIT)), new RoutingProblems(new ObjectMapper()))
                .install(router);
        router.route().handler(routing -> routing.response().end());
        server = vertx.createHttpServer().requestHandler(router).connectionHandler(connection -> {
            open.incrementAndGet();
            connection.closeHandler(closed -> open.decrementAndGet());
        }).listen(0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        CompletableFuture<Long> thread = new CompletableFuture<>();
        vertx.runOnContext(ignored -> thread.complete(Thread.currentThread().getId()));
        eventLoop = thread.get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopServer() throws Exception {
        closeSockets();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldNotAllocateTheAnnouncedBodyBeforeItArrives() throws Exception {
        // Warm-up: the first requests load classes and compile the hot path.
        for (int i = 0; i < 3; i++) {
            perRequest(16);
            perRequest(LIMIT);
        }
        List<Long> extra = new ArrayList<>();
        long small = 0;
        for (int i = 0; i < 5; i++) {
            small = perRequest(16);
            extra.add(perRequest(LIMIT) - small);
        }
        extra.sort(null);

        // Pre-allocating would cost the announced 16 KiB per request; a buffer that grows with the data costs nothing.
        assertThat(extra.get(extra.size() / 2)).as("median of %s: bytes allocated per request for announcing %d instead "
                + "of 16 bytes (%d bytes per request for 16)", extra, LIMIT, small).isLessThan(1_024);
    }

    /** The heap the event loop allocates per request announcing {@code length} bytes and sending 8 of them. */
    private long perRequest(int length) throws IOException {
        long start = allocated();
        announce(REQUESTS, length);
        long bytes = allocated() - start;
        // Closing the connections makes the event loop fail their unfinished requests: not part of the measure.
        closeSockets();
        await().atMost(Duration.ofSeconds(20)).until(() -> open.get() == 0);
        return bytes / REQUESTS;
    }

    /** Opens {@code count} connections, each sending a request head announcing {@code length} bytes, then 8 of them. */
    private void announce(int count, int length) throws IOException {
        int before = heads.get();
        byte[] request = ("POST /api/airbyte/widget-token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + length + "\r\n\r\n{\"userId\"").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.actualPort());
            sockets.add(socket);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> heads.get() - before == count);
        // The 8 body bytes travel with the head; give the event loop a moment to hand them to the body handler.
        await().pollDelay(Duration.ofMillis(200)).until(() -> true);
    }

    private long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(eventLoop);
    }

    private void closeSockets() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }
}
