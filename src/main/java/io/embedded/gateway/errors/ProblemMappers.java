package io.embedded.gateway.errors;

import static io.embedded.gateway.errors.ProblemResponses.problem;

import java.util.List;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.embedded.gateway.events.EventsDisabledException;
import io.embedded.gateway.events.SourceNotFoundException;
import io.embedded.gateway.identity.IdentityProviderUnavailableException;
import io.embedded.gateway.identity.UnauthenticatedException;
import io.embedded.gateway.origin.OriginNotAllowedException;
import io.embedded.gateway.ratelimit.Budget;
import io.embedded.gateway.ratelimit.RateLimitedException;
import io.embedded.gateway.sources.ConfigurationInvalidException;
import io.embedded.gateway.sources.TemplateNotFoundException;

/**
 * Failures of the caller's request and our own bugs as {@code application/problem+json}; Airbyte's are in
 * {@link UpstreamProblemMappers}, malformed bodies in {@link RequestProblemMappers}. Details are written from what we
 * know, never copied from exception messages, upstream bodies or request values. Logging: {@link ProblemResponses}.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response originNotAllowed(OriginNotAllowedException e, UriInfo uri) {
        return problem(ProblemType.ORIGIN_NOT_ALLOWED, uri);
    }

    /** 401 with an RFC 6750 challenge; the detail never says which check failed, so it cannot guide a forger. */
    @ServerExceptionMapper
    public Response unauthenticated(UnauthenticatedException e, UriInfo uri) {
        String challenge = "Bearer realm=\"airbyte-embedded-gateway\""
                + (e.credentialsPresented() ? ", error=\"invalid_token\"" : "");
        // The message says which check failed, in our words: for the log only.
        return Response.fromResponse(problem(ProblemType.UNAUTHENTICATED, ProblemType.UNAUTHENTICATED.detail(), List.of(),
                uri, null, e.getMessage()))
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
    }

    /** 503: the token may well be valid; the keys to check it are out of reach. Logged once by IdentityProviderKeys. */
    @ServerExceptionMapper
    public Response identityProviderUnavailable(IdentityProviderUnavailableException e, UriInfo uri) {
        return problem(ProblemType.IDENTITY_PROVIDER_UNAVAILABLE, ProblemType.IDENTITY_PROVIDER_UNAVAILABLE.detail(),
                List.of(), uri, e.retryAfter());
    }

    @ServerExceptionMapper
    public Response rateLimited(RateLimitedException e, UriInfo uri) {
        String what = e.budget() == Budget.WRITE ? "token and source-creation requests"
                : "template and source-listing requests";
        String detail = e.scope() == RateLimitedException.Scope.IDENTITY
                ? "Too many " + what + " for this user. Try again later."
                : "The gateway is receiving too many " + what + ". Try again later.";
        return problem(ProblemType.RATE_LIMITED, detail, List.of(), uri, e.retryAfter());
    }

    @ServerExceptionMapper
    public Response templateNotFound(TemplateNotFoundException e, UriInfo uri) {
        // Unknown and not-allowed templates answer alike, so a frontend cannot probe for other frontends' templates.
        return problem(ProblemType.NOT_FOUND, "No such source template.", uri);
    }

    @ServerExceptionMapper
    public Response sourceNotFound(SourceNotFoundException e, UriInfo uri) {
        // Unknown and someone else's sources answer alike, so a caller cannot probe for other users' sources.
        return problem(ProblemType.NOT_FOUND, "No such source in the caller's workspace.", uri);
    }

    @ServerExceptionMapper
    public Response eventsDisabled(EventsDisabledException e, UriInfo uri) {
        return problem(ProblemType.NOT_FOUND, uri);
    }

    @ServerExceptionMapper
    public Response configurationInvalid(ConfigurationInvalidException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.problems().stream()
                .map(problem -> new Problem.FieldError(problem.pointer(), problem.detail())).toList();
        return problem(ProblemType.VALIDATION_FAILED, "The configuration does not match the source template.", errors, uri,
                null);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        ProblemType type = ProblemType.ofHttpRefusal(e.getResponse().getStatus()).orElse(null);
        if (type == null) {
            return ProblemResponses.internalError(e, uri);
        }
        Response response = problem(type, type.httpRefusalDetail(), uri);
        if (e instanceof NotAllowedException notAllowed) {
            String allow = notAllowed.getResponse().getHeaderString(HttpHeaders.ALLOW);
            return allow == null ? response : Response.fromResponse(response).header(HttpHeaders.ALLOW, allow).build();
        }
        return response;
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        return ProblemResponses.internalError(e, uri);
    }
}
