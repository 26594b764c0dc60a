package io.embedded.gateway.ratelimit;

import java.time.Duration;

import io.vertx.core.http.HttpServerResponse;

/**
 * The {@code RateLimit-Policy} and {@code RateLimit} response headers of draft-ietf-httpapi-ratelimit-headers, one item
 * per limit: {@code "identity"} (the caller's own) and {@code "global"} (everyone's). {@code q} is the burst,
 * {@code w} the window in which it refills, {@code r} what would pass now and {@code t} the seconds until all of it is
 * back; {@code Retry-After} on a 429 says when the next request passes.
 */
public final class RateLimitHeaders {

    public static final String POLICY = "RateLimit-Policy";
    public static final String STATE = "RateLimit";

    private RateLimitHeaders() {
    }

    /** Adds both headers for {@code allowance} (nothing when limits are off). */
    public static void write(HttpServerResponse response, Allowance allowance) {
        if (allowance == null || response.headWritten()) {
            return;
        }
        response.putHeader(POLICY, policy("identity", allowance.identity()) + ", " + policy("global", allowance.global()));
        response.putHeader(STATE, state("identity", allowance.identity()) + ", " + state("global", allowance.global()));
    }

    private static String policy(String name, Allowance.Quota quota) {
        return '"' + name + "\";q=" + quota.limit() + ";w=" + ceilSeconds(quota.period());
    }

    private static String state(String name, Allowance.Quota quota) {
        return '"' + name + "\";r=" + Math.max(0, quota.remaining()) + ";t=" + ceilSeconds(quota.untilFull());
    }

    private static long ceilSeconds(Duration duration) {
        return duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
    }
}
