package io.embedded.gateway.rest;

import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

import io.embedded.gateway.audit.AuditRecord;
import io.embedded.gateway.idempotency.IdempotentRequest;
import io.embedded.gateway.idempotency.IdempotentRequests;
import io.embedded.gateway.identity.CallerIdentity;
import io.embedded.gateway.identity.CallerIdentityResolver;
import io.embedded.gateway.origin.FrontendOrigin;
import io.embedded.gateway.origin.OriginPolicy;
import io.embedded.gateway.ratelimit.Budget;
import io.embedded.gateway.ratelimit.RateLimitHeaders;
import io.embedded.gateway.ratelimit.RateLimitedException;
import io.embedded.gateway.ratelimit.RateLimiter;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The steps every endpoint that acts for a caller takes, in one order: the frontend origin, then who the caller is,
 * then its {@code Idempotency-Key} if it sent one, then the limits of the request's {@link Budget} (every request that
 * may call Airbyte is charged, and told what is left), recording each in the request's audit line and timing the
 * upstream work.
 */
@ApplicationScoped
class CallerRequests {

    /** What a resource knows about its request; {@code once} when it carries an {@code Idempotency-Key}. */
    record Request(String originHeader, UriInfo uri, HttpHeaders headers, RoutingContext routing, String bodyUserId,
            IdempotentRequest once) {
    }

    private final OriginPolicy origins;
    private final CallerIdentityResolver identities;
    private final RateLimiter limits;
    private final IdempotentRequests idempotency;

    CallerRequests(OriginPolicy origins, CallerIdentityResolver identities, RateLimiter limits,
            IdempotentRequests idempotency) {
        this.origins = origins;
        this.identities = identities;
        this.limits = limits;
        this.idempotency = idempotency;
    }

    /** Resolves frontend and caller for {@code request}, then runs {@code call} as the request's upstream work. */
    <T> Uni<T> run(Request request, Budget budget, BiFunction<CallerIdentity, FrontendOrigin, Uni<T>> call) {
        return runOnce(request, budget, failure -> true, call);
    }

    /**
     * The same for a create, which runs at most once per {@code Idempotency-Key} when the request carries one;
     * {@code createdNothing} tells the failures after which the key may run again.
     */
    <T> Uni<T> runOnce(Request request, Budget budget, Predicate<Throwable> createdNothing,
            BiFunction<CallerIdentity, FrontendOrigin, Uni<T>> call) {
        var audit = AuditRecord.of(request.routing());
        FrontendOrigin frontend = origins.resolve(request.originHeader());
        audit.origin(frontend);
        HttpServerResponse response = request.routing().response();
        // Few stages, each doing all it can: every callback on the path is wrapped to carry the request's context.
        return identities.resolve(request.headers(), request.bodyUserId()).flatMap(identity -> {
            audit.caller(identity);
            // A repeat of a finished request is answered before the limits: it costs Airbyte nothing.
            return idempotency.claim(identity, request.once()).flatMap(claim -> limits.acquire(identity, budget)
                    .invoke(allowance -> RateLimitHeaders.write(response, allowance))
                    .onFailure().invoke(refused -> {
                        // Refused, or the client left before the create started: the key did not run.
                        idempotency.release(claim);
                        if (refused instanceof RateLimitedException limited) {
                            RateLimitHeaders.write(response, limited.allowance());
                            audit.limitedBy(limited.scope().name().toLowerCase(Locale.ROOT));
                        }
                    })
                    .onCancellation().invoke(() -> idempotency.release(claim))
                    .flatMap(allowance -> audit.timeUpstream(
                            () -> idempotency.runOnce(claim, call.apply(identity, frontend), createdNothing))));
        });
    }

    /** Records the workspace a request ended up in, for its audit line. */
    static void auditWorkspace(RoutingContext routing, String workspaceId) {
        AuditRecord.of(routing).workspaceId(workspaceId);
    }
}
