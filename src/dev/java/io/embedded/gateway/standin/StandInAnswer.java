package io.embedded.gateway.standin;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What the stand-in does with one request: answer it, reset the connection, close it without an answer, or answer
 * with a class-path resource (read off the event loop); after {@code delayMillis}, which the server waits on a timer.
 */
record StandInAnswer(Kind kind, int status, List<Map.Entry<String, String>> headers, byte[] body, String resource,
        long delayMillis) {

    enum Kind {
        RESPOND,
        RESET_CONNECTION,
        CLOSE_WITHOUT_ANSWER,
        RESOURCE
    }

    static final StandInAnswer RESET_CONNECTION = new StandInAnswer(Kind.RESET_CONNECTION, 0, List.of(), null, null, 0);
    static final StandInAnswer CLOSE_WITHOUT_ANSWER = new StandInAnswer(Kind.CLOSE_WITHOUT_ANSWER, 0, List.of(), null,
            null, 0);

    static StandInAnswer respond(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        return new StandInAnswer(Kind.RESPOND, status, List.copyOf(headers), body, null, 0);
    }

    static StandInAnswer respond(int status, List<Map.Entry<String, String>> headers, String body) {
        return respond(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    static StandInAnswer json(int status, byte[] body) {
        return respond(status, List.of(Map.entry("Content-Type", "application/json")), body);
    }

    static StandInAnswer resource(String name, String contentType) {
        // no-store: edits to the page show up on the next load in dev mode.
        return new StandInAnswer(Kind.RESOURCE, 200,
                List.of(Map.entry("Content-Type", contentType), Map.entry("Cache-Control", "no-store")), null, name, 0);
    }

    StandInAnswer delayedBy(long millis) {
        return millis <= 0 ? this : new StandInAnswer(kind, status, headers, body, resource, delayMillis + millis);
    }

    StandInAnswer withoutDelay() {
        return new StandInAnswer(kind, status, headers, body, resource, 0);
    }
}
