package io.embedded.gateway.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends widget-token requests at a fixed rate (open model: a slow answer does not slow the sender) for a fixed time
 * and reports outcomes by status and latency percentiles. Arguments: url origin requestsPerSecond seconds.
 */
public final class SoakDriver {

    /** Statuses the README's error table documents for the widget-token endpoint. */
    private static final Set<Integer> DOCUMENTED = Set.of(200, 400, 403, 413, 415, 429, 502, 503, 504);

    private SoakDriver() {
    }

    public static void main(String[] args) throws InterruptedException {
        URI url = URI.create(args[0]);
        String origin = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong sent = new AtomicLong();
        AtomicLong inFlight = new AtomicLong();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / rate;
        ticker.scheduleAtFixedRate(() -> {
            long n = sent.incrementAndGet();
            String body = "{\"userId\":\"soak-user-" + (n % 500) + "\"}";
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Origin", origin).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long started = System.nanoTime();
            inFlight.incrementAndGet();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                inFlight.decrementAndGet();
                int status = failure == null ? response.statusCode() : -1;
                statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                latencies.add(System.nanoTime() - started);
            });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        Thread.sleep(seconds * 1000L);
        ticker.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(35);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        report(sent.get(), statuses, latencies);
    }

    private static void report(long sent, Map<Integer, LongAdder> statuses, List<Long> latencies) {
        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        Collections.sort(sorted);
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((status, count) -> byStatus.put(status, count.sum()));
        long undocumented = byStatus.entrySet().stream().filter(e -> !DOCUMENTED.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
        System.out.printf("requests %d%n", sent);
        byStatus.forEach((status, count) -> System.out.printf("status %s %d%n", status == -1 ? "no-answer" : status, count));
        System.out.printf("undocumented %d%n", undocumented);
        System.out.printf("p50_ms %.1f%n", percentile(sorted, 0.50));
        System.out.printf("p99_ms %.1f%n", percentile(sorted, 0.99));
        System.out.printf("max_ms %.1f%n", sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6);
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }
}
