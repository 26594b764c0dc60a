package io.embedded.gateway.standin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.netty.channel.ChannelOption;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Handles every request the stand-in receives, on its event loop: the control endpoints under {@value #CONTROL}, or
 * else journal, then a fault if one catches the request, else the contract; answers that must wait wait on a timer.
 */
final class StandInExchange implements Handler<HttpServerRequest> {

    /** The stand-in's own endpoints (stats, latency), for the scripts that run it as a process; never journaled. */
    static final String CONTROL = "/__standin/";

    private final Vertx vertx;
    private final StandInApi api;
    private final StandInFaults faults;
    private final StandInJournal journal;
    private final StandInStats stats;
    private final StandInSettings settings;

    StandInExchange(Vertx vertx, StandInApi api, StandInFaults faults, StandInJournal journal, StandInStats stats,
            StandInSettings settings) {
        this.vertx = vertx;
        this.api = api;
        this.faults = faults;
        this.journal = journal;
        this.stats = stats;
        this.settings = settings;
    }

    @Override
    public void handle(HttpServerRequest request) {
        // A body that never completes (the client went away) leaves nothing to answer.
        request.body().onSuccess(body -> answer(request, body));
    }

    private void answer(HttpServerRequest request, Buffer body) {
        if (request.path().startsWith(CONTROL)) {
            control(request);
            return;
        }
        StandInRequest received = new StandInRequest(request.method().name(), request.path(), request.query(),
                headersOf(request), body.toString(StandardCharsets.UTF_8));
        journal.record(received);
        stats.received(received);
        StandInFault fault = faults.catching(received);
        StandInAnswer answer = fault == null ? api.answer(received) : fault.answer(received, api::answer);
        send(request, answer.delayedBy(settings.latencyMillis));
    }

    private void send(HttpServerRequest request, StandInAnswer answer) {
        if (answer.delayMillis() > 0) {
            vertx.setTimer(answer.delayMillis(), timer -> send(request, answer.withoutDelay()));
            return;
        }
        switch (answer.kind()) {
            case RESPOND -> write(request.response(), answer.status(), answer.headers(), answer.body());
            case RESET_CONNECTION -> resetConnection(request);
            case CLOSE_WITHOUT_ANSWER -> request.connection().close();
            case RESOURCE -> vertx.executeBlocking(() -> read(answer.resource()))
                    .onSuccess(bytes -> write(request.response(), answer.status(), answer.headers(), bytes))
                    .onFailure(missing -> write(request.response(), 500, List.of(),
                            missing.getMessage().getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void control(HttpServerRequest request) {
        String route = request.method().name() + " " + request.path().substring(CONTROL.length());
        List<Map.Entry<String, String>> json = List.of(Map.entry("Content-Type", "application/json"));
        switch (route) {
            case "GET stats" -> write(request.response(), 200, json, stats.json());
            case "POST latency" -> {
                try {
                    settings.latencyMillis = Long.parseLong(request.getParam("ms", "0"));
                } catch (NumberFormatException notMillis) {
                    write(request.response(), 400, json, StandInJson.bytes(Map.of("detail", "ms must be an integer")));
                    return;
                }
                write(request.response(), 200, json, StandInJson.bytes(Map.of("latencyMillis", settings.latencyMillis)));
            }
            default -> write(request.response(), 404, json, StandInJson.bytes(Map.of("detail", "Not Found")));
        }
    }

    private static void write(HttpServerResponse response, int status, List<Map.Entry<String, String>> headers,
            byte[] body) {
        // The client may have given up while a delayed answer waited: nothing to write to then.
        if (response.closed()) {
            return;
        }
        response.setStatusCode(status);
        headers.forEach(header -> response.putHeader(header.getKey(), header.getValue()));
        response.end(Buffer.buffer(body));
    }

    /** A TCP RST: SO_LINGER 0 turns the close into one; Vert.x's own API only ever closes politely. */
    private static void resetConnection(HttpServerRequest request) {
        var channel = ((ConnectionBase) request.connection()).channel();
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
        channel.close();
    }

    private static Map<String, List<String>> headersOf(HttpServerRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach(header -> headers.merge(header.getKey(), List.of(header.getValue()),
                (first, more) -> Stream.concat(first.stream(), more.stream()).toList()));
        return headers;
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = StandInExchange.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("stand-in resource missing from the class path: " + resource);
            }
            return in.readAllBytes();
        }
    }
}
