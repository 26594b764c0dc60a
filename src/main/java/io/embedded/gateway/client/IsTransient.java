package io.embedded.gateway.client;

import java.util.function.Predicate;

/**
 * Retry predicate: only failures that a repeat of the same call may cure (see {@link AirbyteException#isTransient()}).
 */
public final class IsTransient implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        return failure instanceof AirbyteException upstream && upstream.isTransient();
    }
}
