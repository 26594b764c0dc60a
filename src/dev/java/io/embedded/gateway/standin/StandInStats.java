package io.embedded.gateway.standin;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters the benchmark reads from {@code GET /__standin/stats}: calls by kind, bearer refusals, and when each client
 * id got its operator tokens (the gateway should fetch one per token lifetime). Never reset: a run reads differences.
 */
final class StandInStats {

    private final LongAdder operatorTokenCalls = new LongAdder();
    private final LongAdder widgetTokenCalls = new LongAdder();
    private final LongAdder rejectedCalls = new LongAdder();
    private final Map<String, Queue<Long>> tokensIssued = new ConcurrentHashMap<>();

    void received(StandInRequest request) {
        if (!"POST".equals(request.method())) {
            return;
        }
        switch (request.path()) {
            case StandInOperatorTokens.PATH, StandInOperatorTokens.LEGACY_PATH -> operatorTokenCalls.increment();
            case StandInEmbeddedTokens.WIDGET_TOKEN_PATH, StandInEmbeddedTokens.LEGACY_WIDGET_TOKEN_PATH ->
                widgetTokenCalls.increment();
            default -> {
            }
        }
    }

    void rejected() {
        rejectedCalls.increment();
    }

    void tokenIssued(String clientId) {
        tokensIssued.computeIfAbsent(clientId, id -> new ConcurrentLinkedQueue<>()).add(System.currentTimeMillis());
    }

    byte[] json() {
        Map<String, List<Long>> issued = new TreeMap<>();
        tokensIssued.forEach((clientId, times) -> issued.put(clientId, List.copyOf(times)));
        return StandInJson.bytes(StandInJson.map("operatorTokenCalls", operatorTokenCalls.sum(), "widgetTokenCalls",
                widgetTokenCalls.sum(), "rejectedCalls", rejectedCalls.sum(), "tokensIssued", issued));
    }
}
