package io.embedded.gateway.origin;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.embedded.gateway.config.GatewayConfig;
import io.quarkus.runtime.Startup;

/**
 * Decides which configured frontend origin a request speaks for. The same list drives the CORS filter
 * ({@code quarkus.http.cors.origins} is set from {@code gateway.allowed-origins}), so a browser can only obtain a
 * token bound to the origin it runs on.
 */
@Startup
@ApplicationScoped
public class OriginPolicy {

    private final Map<String, FrontendOrigin> allowed;
    private final FrontendOrigin defaultOrigin;

    OriginPolicy(GatewayConfig config) {
        List<String> origins = config.allowedOrigins();
        this.allowed = origins.stream().distinct()
                .collect(Collectors.toUnmodifiableMap(Function.identity(), FrontendOrigin::new));
        String fallback = config.defaultOrigin().orElse(origins.get(0));
        if (!allowed.containsKey(fallback)) {
            throw new IllegalStateException("gateway.default-origin (" + fallback + ") must be one of gateway.allowed-origins");
        }
        this.defaultOrigin = allowed.get(fallback);
    }

    /**
     * The frontend origin for a request. No {@code Origin} header (a server-side caller), or the gateway's own origin
     * (Swagger UI on this host), means the default origin; any other value must match an allowed origin exactly.
     *
     * @param originHeader the request's {@code Origin} header, or null
     * @param ownOrigin this gateway's origin as the request addressed it ({@code scheme://host[:port]})
     */
    public FrontendOrigin resolve(String originHeader, String ownOrigin) {
        if (originHeader == null || originHeader.isEmpty() || originHeader.equals(ownOrigin)) {
            return defaultOrigin;
        }
        FrontendOrigin origin = allowed.get(originHeader);
        if (origin == null) {
            throw new OriginNotAllowedException();
        }
        return origin;
    }

    /** The origin used for callers without one. */
    public FrontendOrigin defaultOrigin() {
        return defaultOrigin;
    }
}
