package io.embedded.gateway.idempotency;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long {@code Idempotency-Key} records live, in the store {@code gateway.state.store} chooses. */
@ConfigMapping(prefix = "gateway.idempotency")
public interface IdempotencyConfig {

    /** How long an answer is replayed to a repeat with the same key, caller and body. */
    @WithDefault("24h")
    Duration retention();

    /**
     * How long a create with a key may run. A repeat meanwhile gets 409 {@code idempotency-key-in-use}; a create still
     * unrecorded after this (its instance died) is answered 409 {@code idempotency-outcome-unknown} and never runs again.
     * A key claimed but never started is free again after this. Longer than the slowest create (its timeout and retries).
     */
    @WithDefault("2m")
    Duration inProgressTimeout();
}
