package io.embedded.gateway.standin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A fault for {@link AirbyteStandIn#inject}: which requests it catches (method and path, optionally a body substring or
 * a top-level JSON field's value, optionally only the first few) and what they get instead of the contract's answer (a
 * status with headers and body, a connection reset, a close without answer, or the contract's own answer), optionally
 * after a delay. Without an answer named, it answers 200 with an empty body. Configure it fully before injecting it.
 */
public final class StandInFault {

    private enum Kind {
        RESPOND,
        RESET_CONNECTION,
        CLOSE_WITHOUT_ANSWER,
        CONTRACT
    }

    private final String method;
    private final String path;
    private String bodySubstring;
    private String jsonField;
    private String jsonValue;
    /** Requests still to catch; negative: all of them. */
    private final AtomicInteger remaining = new AtomicInteger(-1);
    private Kind kind = Kind.RESPOND;
    private int status = 200;
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private String body = "";
    private Duration delay = Duration.ZERO;

    private StandInFault(String method, String path) {
        this.method = method;
        this.path = path;
    }

    /** Catches requests with this method and exactly this path (the query is not looked at). */
    public static StandInFault on(String method, String path) {
        return new StandInFault(method, path);
    }

    public static StandInFault post(String path) {
        return on("POST", path);
    }

    public static StandInFault get(String path) {
        return on("GET", path);
    }

    /** Only requests whose body contains {@code text}. */
    public StandInFault whenBodyContains(String text) {
        this.bodySubstring = text;
        return this;
    }

    /** Only requests whose body is a JSON object with {@code field} (top level) equal to {@code value}. */
    public StandInFault whenJsonField(String field, String value) {
        this.jsonField = field;
        this.jsonValue = value;
        return this;
    }

    /** Catches the first {@code requests} matching requests only; later ones get what they would without it. */
    public StandInFault onlyFirst(int requests) {
        remaining.set(requests);
        return this;
    }

    public StandInFault status(int status) {
        this.kind = Kind.RESPOND;
        this.status = status;
        return this;
    }

    public StandInFault header(String name, String value) {
        headers.add(Map.entry(name, value));
        return this;
    }

    public StandInFault body(String body) {
        this.body = body;
        return this;
    }

    /** Resets the connection (a TCP RST) instead of answering. */
    public StandInFault resetConnection() {
        this.kind = Kind.RESET_CONNECTION;
        return this;
    }

    /** Closes the connection without a byte of answer. */
    public StandInFault closeWithoutAnswer() {
        this.kind = Kind.CLOSE_WITHOUT_ANSWER;
        return this;
    }

    /** Answers as the contract would: with {@link #after}, a slow but otherwise correct Airbyte. */
    public StandInFault answerAsTheContract() {
        this.kind = Kind.CONTRACT;
        return this;
    }

    /** Waits {@code delay} (a timer: the stand-in keeps serving) before doing what the fault says. */
    public StandInFault after(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Whether this fault catches {@code request}; counts it against {@link #onlyFirst} if so. */
    boolean catches(StandInRequest request) {
        if (!method.equals(request.method()) || !path.equals(request.path())
                || (bodySubstring != null && !request.body().contains(bodySubstring)) || !jsonFieldMatches(request)) {
            return false;
        }
        return remaining.getAndUpdate(left -> left > 0 ? left - 1 : left) != 0;
    }

    StandInAnswer answer(StandInRequest request, Function<StandInRequest, StandInAnswer> contract) {
        StandInAnswer answer = switch (kind) {
            case RESPOND -> StandInAnswer.respond(status, headers, body);
            case RESET_CONNECTION -> StandInAnswer.RESET_CONNECTION;
            case CLOSE_WITHOUT_ANSWER -> StandInAnswer.CLOSE_WITHOUT_ANSWER;
            case CONTRACT -> contract.apply(request);
        };
        return answer.delayedBy(delay.toMillis());
    }

    private boolean jsonFieldMatches(StandInRequest request) {
        if (jsonField == null) {
            return true;
        }
        JsonNode body = StandInJson.object(request.body());
        return body != null && body.path(jsonField).isValueNode() && jsonValue.equals(body.path(jsonField).asText());
    }
}
