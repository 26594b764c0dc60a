package io.embedded.gateway.http;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Adds {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy} and, when configured, HSTS to every response,
 * errors and CORS refusals included (set just before the headers are written).
 */
@Singleton
public class SecurityHeaders {

    private final String referrerPolicy;
    private final String hsts;

    SecurityHeaders(SecurityHeadersConfig config) {
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
        routing.addHeadersEndHandler(ignored -> {
            response.headers().set("X-Content-Type-Options", "nosniff");
            response.headers().set("Referrer-Policy", referrerPolicy);
            if (hsts != null) {
                response.headers().set("Strict-Transport-Security", hsts);
            }
        });
        routing.next();
    }
}
