package io.embedded.gateway.audit;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The audit log of API requests. */
@ConfigMapping(prefix = "gateway.audit")
public interface AuditConfig {

    /** Write one audit line per API request (logger {@code io.embedded.gateway.audit}). */
    @WithDefault("true")
    boolean enabled();

    /**
     * HMAC key for the identity hash in audit lines (env {@code GATEWAY_AUDIT_IDENTITY_HASH_KEY}, at least 32
     * characters, from a Secret). Set it to correlate one identity across instances and restarts; unset, each process
     * draws a random key and hashes only correlate within it.
     */
    Optional<String> identityHashKey();
}
