package io.embedded.gateway.events;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.embedded.gateway.state.SharedStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Delivers stored events: every {@code poll-interval} (and at once after an event is stored) it claims the events that
 * are due, up to {@code max-concurrent-deliveries} at a time, sends each once, and settles it: delivered on a 2xx, due
 * again after the next of {@code retry-delays} otherwise, failed after the last. A claim is leased for three delivery
 * timeouts: an attempt whose instance died runs again elsewhere once that passes, never while it may still be running.
 * The backlog is reported in metrics only; it never makes a pod unready.
 */
@ApplicationScoped
public class WebhookDispatcher {

    /** A claim's lease, in delivery timeouts: a slow attempt settles long before anyone else may claim it. */
    static final int LEASE_TIMEOUTS = 3;
    /** The earliest first poll after startup. */
    static final Duration FIRST_POLL_DELAY = Duration.ofSeconds(3);

    private final EventsConfig config;
    private final EventStore store;
    private final Clock clock;
    private final Vertx vertx;
    private final WebhookDelivery delivery;
    private final Duration lease;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicBoolean pollAgain = new AtomicBoolean();
    /** Attempts running on this instance. */
    private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;
    private volatile boolean stopped;
    private long timer = -1;

    @Inject
    WebhookDispatcher(EventsConfig config, SharedStore shared, Clock clock, Vertx vertx, MeterRegistry metrics) {
        this(config, shared.isShared() ? new RedisEventStore(shared) : new MemoryEventStore(), clock, vertx, metrics);
    }

    WebhookDispatcher(EventsConfig config, EventStore store, Clock clock, Vertx vertx, MeterRegistry metrics) {
        this.config = config;
        this.store = store;
        this.clock = clock;
        this.vertx = vertx;
        // Refuses to start with a missing or short secret when the feature is on.
        this.delivery = config.webhookUrl()
                .map(url -> new WebhookDelivery(checked(url), config.deliveryTimeout(),
                        WebhookSigner.of(config.webhookSecret().orElse(null)), config.maxConcurrentDeliveries(), vertx))
                .orElse(null);
        this.lease = config.deliveryTimeout().multipliedBy(LEASE_TIMEOUTS);
        this.delivered = deliveries(metrics, "delivered");
        this.retried = deliveries(metrics, "retried");
        this.failed = deliveries(metrics, "failed");
        Gauge.builder("gateway.events.pending", this, dispatcher -> dispatcher.store.backlog().pending())
                .description("Events stored and not yet delivered nor given up on (the fleet's, with Redis)")
                // Micrometer holds a gauge's object weakly, and a collected one vanishes from the scrape.
                .strongReference(true).register(metrics);
        Gauge.builder("gateway.events.oldest.pending.age", this, WebhookDispatcher::oldestAgeSeconds)
                .description("Age of the oldest event not yet delivered nor given up on; 0 when there is none")
                .baseUnit("seconds").strongReference(true).register(metrics);
    }

    /** An absolute http or https URL with a host; the message names the property, never the URL (it may hold a token). */
    private static java.net.URI checked(java.net.URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new io.quarkus.runtime.configuration.ConfigurationException(
                    "gateway.events.webhook-url (GATEWAY_EVENTS_WEBHOOK_URL) must be an absolute http or https URL");
        }
        return url;
    }

    private static Counter deliveries(MeterRegistry metrics, String outcome) {
        return Counter.builder("gateway.events.deliveries")
                .description("Webhook delivery attempts by outcome: delivered (2xx), retried (failed, another attempt is "
                        + "due), failed (the last attempt failed; the event is kept as failed)")
                .tag("outcome", outcome).register(metrics);
    }

    private double oldestAgeSeconds() {
        Backlog backlog = store.backlog();
        return backlog.pending() == 0 ? 0 : Math.max(0, clock.millis() - backlog.oldestCreatedMillis()) / 1000.0;
    }

    /** Whether events are on ({@code gateway.events.webhook-url} is set). */
    public boolean enabled() {
        return delivery != null;
    }

    void start(@Observes StartupEvent started) {
        if (enabled()) {
            Log.infof("Source events are delivered as signed webhooks to %s (store: %s)", safeUrl(),
                    store instanceof RedisEventStore ? "redis" : "memory");
            synchronized (this) {
                // The first poll waits for startup to settle: the Redis connection is still cold, and a first round trip
                // slower than gateway.state.redis.timeout would mark the shared store down for everyone.
                long every = config.pollInterval().toMillis();
                timer = vertx.setPeriodic(Math.max(every, FIRST_POLL_DELAY.toMillis()), every, id -> poll());
            }
        }
    }

    /** The URL without its query or user info, which may carry a token of the receiver's. */
    private String safeUrl() {
        var url = config.webhookUrl().orElseThrow();
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + url.getPath();
    }

    /** Stores {@code event} unless its source has one; a stored event is tried at once. Answers whether it was stored. */
    Uni<Boolean> store(StoredEvent event) {
        return store.store(event).invoke(stored -> {
            if (stored) {
                Log.debugf("Stored webhook %s for source %s", event.webhookId(), event.sourceId());
                poll();
            }
        });
    }

    /** Failed events, newest first. */
    public Uni<List<FailedEvent>> failedEvents(int max) {
        return store.failedEvents(max);
    }

    /** Claims what is due and delivers it; one poll at a time per instance, a request during one runs it again after. */
    void poll() {
        if (stopped || !enabled()) {
            return;
        }
        if (!polling.compareAndSet(false, true)) {
            pollAgain.set(true);
            return;
        }
        pollAgain.set(false);
        int free = config.maxConcurrentDeliveries() - inFlight.size();
        if (free <= 0) {
            polling.set(false);
            return;
        }
        store.claimDue(clock.millis(), lease, free).subscribe().with(claims -> {
            claims.forEach(this::deliver);
            pollDone();
        }, unavailable -> {
            // A Redis outage is logged once by SharedStore; the events wait in Redis.
            Log.debugf("Could not claim due events: %s", unavailable.getClass().getSimpleName());
            pollDone();
        });
    }

    private void pollDone() {
        polling.set(false);
        if (pollAgain.getAndSet(false)) {
            poll();
        }
    }

    private void deliver(Claim claim) {
        CompletableFuture<Void> attempt = attempt(claim).subscribeAsCompletionStage();
        inFlight.add(attempt);
        attempt.whenComplete((ignored, failure) -> {
            inFlight.remove(attempt);
            if (failure != null) {
                // Unsettled: its lease ends and the attempt runs again (memory: on this instance; Redis: on any).
                Log.debugf("Could not settle webhook %s: %s", claim.event().webhookId(),
                        failure.getClass().getSimpleName());
            }
        });
    }

    /** One attempt of {@code claim}, settled in the store. */
    Uni<Void> attempt(Claim claim) {
        StoredEvent event = claim.event();
        return delivery.send(event, clock.instant().getEpochSecond()).flatMap(status -> {
            if (status >= 200 && status < 300) {
                delivered.increment();
                Log.debugf("Delivered webhook %s (attempt %d, HTTP %d)", event.webhookId(), claim.attempt(), status);
                return store.delivered(claim);
            }
            String answer = status == 0 ? "no answer" : "HTTP " + status;
            Optional<Duration> next = delayAfter(claim.attempt(), config.retryDelays());
            if (next.isEmpty()) {
                failed.increment();
                Log.warnf("Webhook %s for source %s failed after %d attempts (last: %s); kept as failed, listed at "
                        + "GET /q/events/failed on the management port", event.webhookId(), event.sourceId(),
                        claim.attempt(), answer);
                return store.failed(claim, clock.millis());
            }
            retried.increment();
            Duration delay = next.get();
            Log.debugf("Webhook %s attempt %d: %s; next in %s", event.webhookId(), claim.attempt(), answer, delay);
            return store.retryAt(claim, clock.millis() + delay.toMillis());
        });
    }

    /**
     * The wait after failed attempt {@code attempt} (from 1) before the next: the attempt-th of {@code delays}; none after
     * the last, so an event gets {@code delays.size() + 1} attempts.
     */
    static Optional<Duration> delayAfter(int attempt, List<Duration> delays) {
        return attempt >= 1 && attempt <= delays.size() ? Optional.of(delays.get(attempt - 1)) : Optional.empty();
    }

    /**
     * Stops polling; with the memory store, tries every pending event once more (whatever its schedule), since a restart
     * loses them; then waits for attempts in flight, all within one delivery timeout.
     */
    void stop(@Observes ShutdownEvent shutdown) {
        synchronized (this) {
            stopped = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
        if (!enabled()) {
            return;
        }
        long deadline = System.nanoTime() + config.deliveryTimeout().plusSeconds(1).toNanos();
        if (store instanceof MemoryEventStore) {
            try {
                List<Claim> pending = store.claimDue(Long.MAX_VALUE / 2, lease, Integer.MAX_VALUE).await()
                        .atMost(Duration.ofSeconds(1));
                if (!pending.isEmpty()) {
                    Log.infof("Shutting down: trying %d pending webhook(s) once more", pending.size());
                    pending.forEach(this::deliver);
                }
            } catch (RuntimeException e) {
                Log.debugf("Could not claim pending events at shutdown: %s", e.getClass().getSimpleName());
            }
        }
        try {
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            Log.debugf("Attempts still unsettled at shutdown: %d", inFlight.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Backlog left = store.backlog();
        if (store instanceof MemoryEventStore && left.pending() > 0) {
            Log.warnf("Shutting down with %d undelivered webhook(s) in memory: they are lost (gateway.state.store=redis "
                    + "keeps them for the fleet)", left.pending());
        }
        delivery.close();
    }
}
