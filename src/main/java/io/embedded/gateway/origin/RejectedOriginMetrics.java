package io.embedded.gateway.origin;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/**
 * Counts API requests from origins outside the allow-list, including those the CORS filter refuses before any
 * resource runs. Observes only; the origin itself is not a tag, since callers choose it.
 */
@ApplicationScoped
public class RejectedOriginMetrics {

    private final Set<String> allowed;
    private final Counter rejected;

    RejectedOriginMetrics(GatewayConfig config, MeterRegistry registry) {
        this.allowed = Set.copyOf(config.allowedOrigins());
        this.rejected = Counter.builder("gateway.origins.rejected")
                .description("API requests from origins that are not allowed")
                .register(registry);
    }

    // A high priority runs it before the CORS filter, which may end the request.
    void register(@Observes Filters filters) {
        filters.register(this::count, 10_000);
    }

    private void count(RoutingContext context) {
        String origin = context.request().getHeader("Origin");
        if (origin != null && !allowed.contains(origin) && context.normalizedPath().startsWith("/api/")
                && !isSameOrigin(context, origin)) {
            rejected.increment();
        }
        context.next();
    }

    private static boolean isSameOrigin(RoutingContext context, String origin) {
        String host = context.request().host();
        return host != null && origin.equals(context.request().scheme() + "://" + host);
    }
}
