package io.embedded.gateway.http;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.embedded.gateway.origin.OriginPolicy;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Adds {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy} and, when configured, HSTS to every response,
 * errors and CORS refusals included (set just before the headers are written), and removes an
 * {@code Access-Control-Allow-Origin} that names an origin we were not configured with. API answers also get
 * {@code Cache-Control: no-store} and {@code Vary: Origin}: each depends on the caller and its origin, and some carry
 * tokens, so no browser or proxy cache may keep or share one.
 */
@Singleton
public class SecurityHeaders {

    private final String referrerPolicy;
    private final String hsts;
    private final OriginPolicy origins;

    SecurityHeaders(SecurityHeadersConfig config, OriginPolicy origins) {
        this.origins = origins;
        this.referrerPolicy = config.referrerPolicy();
        this.hsts = config.hstsMaxAge()
                .map(maxAge -> "max-age=" + maxAge.toSeconds() + (config.hstsIncludeSubdomains() ? "; includeSubDomains" : ""))
                .orElse(null);
    }

    void register(@Observes Filters filters) {
        filters.register(this::addHeaders, 2_000);
    }

    private void addHeaders(RoutingContext routing) {
        HttpServerResponse response = routing.response();
        boolean api = routing.normalizedPath().startsWith("/api/");
        routing.addHeadersEndHandler(ignored -> {
            // The CORS filter also echoes an Origin equal to the request's own Host, which any caller can set; only a
            // configured origin may ever be echoed.
            String allowOrigin = response.headers().get("Access-Control-Allow-Origin");
            if (allowOrigin != null && !origins.mayBeEchoed(allowOrigin)) {
                response.headers().remove("Access-Control-Allow-Origin").remove("Access-Control-Allow-Credentials")
                        .remove("Access-Control-Expose-Headers");
            }
            if (api) {
                if (!response.headers().contains("Cache-Control")) {
                    response.headers().set("Cache-Control", "no-store");
                }
                String vary = response.headers().get("Vary");
                if (vary == null || !vary.contains("Origin")) {
                    response.headers().set("Vary", vary == null ? "Origin" : vary + ", Origin");
                }
            }
            response.headers().set("X-Content-Type-Options", "nosniff");
            response.headers().set("Referrer-Policy", referrerPolicy);
            if (hsts != null) {
                response.headers().set("Strict-Transport-Security", hsts);
            }
        });
        routing.next();
    }
}
