package io.embedded.gateway.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * What we currently know about Airbyte, from the outcomes of real calls only (never probed): whether it rejects our
 * credentials, and which circuit breakers are pausing calls and until when. Readiness and {@code Retry-After} read it.
 */
@Startup
@ApplicationScoped
public class UpstreamAvailability {

    /** Every breaker is named for its operation: {@code @CircuitBreakerName("airbyte-" + @UpstreamCall value)}. */
    static final String BREAKER_PREFIX = "airbyte-";

    private final Clock clock;
    private final Duration breakerDelay;
    private final Map<String, Instant> openSince = new ConcurrentHashMap<>();
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final CircuitBreakerMaintenance breakers;
    private final MeterRegistry registry;
    private volatile boolean credentialsRejected;
    private volatile boolean credentialsChecked;

    UpstreamAvailability(CircuitBreakerMaintenance breakers, AirbyteConfig config, Clock clock, MeterRegistry registry) {
        this.clock = clock;
        this.breakerDelay = Duration.ofMillis(config.resilience().circuitBreakerDelayMillis());
        this.breakers = breakers;
        this.registry = registry;
        Gauge.builder("airbyte.credentials.rejected", this, availability -> availability.credentialsRejected ? 1 : 0)
                .description("1 while Airbyte rejects the gateway's client credentials").register(registry);
    }

    /**
     * Starts following the breaker of {@code operation}, once, before its first call: a breaker can only open after
     * calls, so no state change is missed, and each operation's gauge appears with its first call.
     */
    void watch(String operation) {
        // Keyed by operation, so a call that finds its breaker watched builds no string.
        if (watched.add(operation)) {
            String breaker = BREAKER_PREFIX + operation;
            breakers.onStateChange(breaker, state -> onBreakerState(breaker, state));
            Gauge.builder("airbyte.circuit.open", openSince, open -> open.containsKey(breaker) ? 1 : 0)
                    .description("1 while the named circuit breaker is open").tag("breaker", breaker).register(registry);
        }
    }

    private void onBreakerState(String breaker, CircuitBreakerState state) {
        if (state == CircuitBreakerState.OPEN) {
            openSince.put(breaker, clock.instant());
            Log.warnf("Circuit breaker %s opened: calls to Airbyte are paused for %s", breaker, breakerDelay);
        } else {
            openSince.remove(breaker);
            Log.infof("Circuit breaker %s is now %s", breaker, state);
        }
    }

    /**
     * How long calls stay paused by an open breaker, if any. After the breaker's delay this is empty even before the
     * breaker's half-open trial call, so that traffic (and with it the trial) can resume.
     */
    public Optional<Duration> pausedFor() {
        Instant now = clock.instant();
        return openSince.values().stream().map(since -> Duration.between(now, since.plus(breakerDelay)))
                .filter(remaining -> remaining.compareTo(Duration.ZERO) > 0).max(Duration::compareTo);
    }

    /** Names of the breakers currently pausing calls. */
    public List<String> pausedBreakers() {
        Instant now = clock.instant();
        return openSince.entrySet().stream().filter(open -> open.getValue().plus(breakerDelay).isAfter(now))
                .map(Map.Entry::getKey)
                .sorted().toList();
    }

    public boolean credentialsRejected() {
        return credentialsRejected;
    }

    /**
     * The failure for a request made while the credentials are known to be rejected. Requests fail with it at once,
     * without sending the rejected secret again: only {@code CredentialsRecheck} asks Airbyte whether they work again.
     */
    public AirbyteException credentialsStillRejected() {
        return AirbyteException.credentialsRejected(401);
    }

    /**
     * Whether the credentials check made at startup has had its answer: accepted, rejected, or no answer at all (an
     * unreachable Airbyte must not keep a pod unready).
     */
    public boolean credentialsChecked() {
        return credentialsChecked;
    }

    /** Records that the startup check of the credentials has finished, whatever its outcome. */
    public void credentialsCheckFinished() {
        credentialsChecked = true;
    }

    /** Records that Airbyte rejected even a freshly issued operator token. */
    public void markCredentialsRejected() {
        credentialsRejected(true);
    }

    void credentialsRejected(boolean rejected) {
        if (rejected != credentialsRejected) {
            if (rejected) {
                Log.error("Airbyte rejects the gateway's client credentials; reporting not ready until they work again");
            } else {
                Log.info("Airbyte accepts the gateway's client credentials again");
            }
        }
        this.credentialsRejected = rejected;
    }
}
