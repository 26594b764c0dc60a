package io.embedded.gateway.http;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Security headers on every response of the main HTTP port. */
@ConfigMapping(prefix = "gateway.security-headers")
public interface SecurityHeadersConfig {

    /** {@code Referrer-Policy}. */
    @WithDefault("no-referrer")
    String referrerPolicy();

    /**
     * {@code Strict-Transport-Security} max-age. Unset (the default) sends no HSTS header; set it (e.g. {@code 365d})
     * when the gateway is only reachable over HTTPS, whether TLS ends at the gateway or at the ingress in front of it.
     */
    Optional<Duration> hstsMaxAge();

    /** Adds {@code includeSubDomains} to HSTS. */
    @WithDefault("false")
    boolean hstsIncludeSubdomains();
}
