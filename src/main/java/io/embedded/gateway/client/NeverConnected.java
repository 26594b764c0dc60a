package io.embedded.gateway.client;

import java.util.function.Predicate;

/**
 * Retry predicate for non-idempotent calls: only a connection that was never established (see
 * {@link AirbyteException#neverConnected()}). A 5xx, 429, reset or timeout may follow a request Airbyte already
 * acted on, so repeating it could create a second source.
 */
public final class NeverConnected implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        return failure instanceof AirbyteException upstream && upstream.neverConnected();
    }
}
