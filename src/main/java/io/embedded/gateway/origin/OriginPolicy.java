package io.embedded.gateway.origin;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

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
    private final String publicOrigin;

    OriginPolicy(GatewayConfig config) {
        List<String> origins = config.allowedOrigins();
        this.allowed = origins.stream().distinct()
                .collect(Collectors.toUnmodifiableMap(Function.identity(), FrontendOrigin::new));
        String fallback = config.defaultOrigin().orElse(origins.get(0));
        if (!allowed.containsKey(fallback)) {
            throw new IllegalStateException("gateway.default-origin (" + fallback + ") must be one of gateway.allowed-origins");
        }
        this.defaultOrigin = allowed.get(fallback);
        this.publicOrigin = config.publicOrigin().orElse(null);
    }

    /**
     * The frontend origin for a request. No {@code Origin} header (a server-side caller), or the configured public
     * origin of the gateway itself (Swagger UI), means the default origin; any other value must match an allowed origin
     * exactly.
     *
     * @param originHeader the request's {@code Origin} header, or null
     */
    public FrontendOrigin resolve(String originHeader) {
        if (originHeader == null || originHeader.isEmpty() || originHeader.equals(publicOrigin)) {
            return defaultOrigin;
        }
        FrontendOrigin origin = allowed.get(originHeader);
        if (origin == null) {
            throw new OriginNotAllowedException();
        }
        return origin;
    }

    /** Whether a response may name {@code origin} in {@code Access-Control-Allow-Origin}. */
    public boolean mayBeEchoed(String origin) {
        return allowed.containsKey(origin) || origin.equals(publicOrigin);
    }

    /** The origin used for callers without one. */
    public FrontendOrigin defaultOrigin() {
        return defaultOrigin;
    }
}
