package io.embedded.gateway.client;

import java.util.concurrent.ThreadLocalRandom;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;

/**
 * Exponential backoff with positive jitter that never retries sooner than Airbyte's {@code Retry-After}. Jitter is only
 * ever added, so a {@code Retry-After} is honoured exactly or later. Whether a long {@code Retry-After} is worth waiting
 * for at all is decided before (see {@link AirbyteException#isTransient()}).
 */
public final class RetryAfterBackoff implements CustomBackoffStrategy {

    /** No single wait grows beyond this, unless Airbyte asks for longer. */
    static final long MAX_BACKOFF_MILLIS = 2_000;
    /** Jitter adds up to this share of a wait, so that callers who failed together do not retry together. */
    static final double MAX_JITTER_RATIO = 0.5;

    private long nextDelay;

    @Override
    public void init(long initialDelayInMillis) {
        this.nextDelay = Math.max(1, initialDelayInMillis);
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        long backoff = nextDelay + ThreadLocalRandom.current().nextLong((long) (nextDelay * MAX_JITTER_RATIO) + 1);
        nextDelay = Math.min(nextDelay * 2, MAX_BACKOFF_MILLIS);
        if (cause instanceof AirbyteException upstream && upstream.retryAfter().isPresent()) {
            return Math.max(backoff, upstream.retryAfter().get().toMillis());
        }
        return Math.min(backoff, MAX_BACKOFF_MILLIS);
    }
}
