package io.embedded.gateway.rest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.embedded.gateway.client.AirbyteException;
import io.embedded.gateway.client.UpstreamAvailability;
import io.embedded.gateway.identity.IdentityProviderUnavailableException;
import io.embedded.gateway.identity.MissingUserIdException;
import io.embedded.gateway.identity.UnauthenticatedException;
import io.embedded.gateway.origin.OriginNotAllowedException;
import io.embedded.gateway.ratelimit.Budget;
import io.embedded.gateway.ratelimit.RateLimitedException;
import io.embedded.gateway.sources.ConfigurationInvalidException;
import io.embedded.gateway.sources.TemplateNotFoundException;
import io.embedded.gateway.token.OperatorTokenRejectedTwiceException;
import io.embedded.gateway.widget.UndecodableTokenException;
import io.quarkus.logging.Log;

/**
 * The one place where failures become {@code application/problem+json}. Details are written here from what we know,
 * never copied from exception messages, upstream bodies or request values. Our own bugs (500) are logged at ERROR,
 * Airbyte's failures at WARN, 4xx at DEBUG.
 */
public class ProblemMappers {

    /** Field errors listed in one problem at most; the detail says how many more there were. */
    static final int MAX_FIELD_ERRORS = 20;

    static final String PROBLEM_JSON = "application/problem+json";

    private final UpstreamAvailability availability;

    ProblemMappers(UpstreamAvailability availability) {
        this.availability = availability;
    }

    @ServerExceptionMapper
    public Response originNotAllowed(OriginNotAllowedException e, UriInfo uri) {
        return problem(ProblemType.ORIGIN_NOT_ALLOWED, uri);
    }

    /** 401 with an RFC 6750 challenge; the detail never says which check failed, so it cannot guide a forger. */
    @ServerExceptionMapper
    public Response unauthenticated(UnauthenticatedException e, UriInfo uri) {
        Log.debugf("Unauthenticated on %s: %s", uri.getPath(), e.getMessage());
        String challenge = "Bearer realm=\"airbyte-embedded-gateway\""
                + (e.credentialsPresented() ? ", error=\"invalid_token\"" : "");
        return Response.fromResponse(problem(ProblemType.UNAUTHENTICATED, uri))
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
    public Response missingUserId(MissingUserIdException e, UriInfo uri) {
        return problem(ProblemType.INVALID_REQUEST, "The request body is invalid.",
                List.of(new Problem.FieldError("/userId", "must not be blank")), uri, null);
    }

    @ServerExceptionMapper
    public Response invalidInput(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            if (isReturnValue(violation.getPropertyPath())) {
                return unexpected(e, uri);
            }
            errors.add(new Problem.FieldError(pointer(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(java.util.Comparator.comparing(Problem.FieldError::pointer));
        return problem(ProblemType.INVALID_REQUEST, "The request body is invalid.", errors, uri, null);
    }

    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class,
            UnrecognizedPropertyException.class })
    public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
        // Jackson's own message quotes the input, which may hold secrets: build ours from the field path only.
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String pointer = pointer(mapping.getPath());
            String detail = e instanceof UnrecognizedPropertyException ? "is not a known field" : "has the wrong type or shape";
            return problem(ProblemType.INVALID_REQUEST, "The request body is invalid.",
                    List.of(new Problem.FieldError(pointer, detail)),
                    uri, null);
        }
        return problem(ProblemType.INVALID_REQUEST, "The request body is not valid JSON.", uri);
    }

    @ServerExceptionMapper
    public Response templateNotFound(TemplateNotFoundException e, UriInfo uri) {
        // Unknown and not-allowed templates answer alike, so a frontend cannot probe for other frontends' templates.
        return problem(ProblemType.NOT_FOUND, "No such source template.", uri);
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
            return unexpected(e, uri);
        }
        Response response = problem(type, type.httpRefusalDetail(), uri);
        if (e instanceof NotAllowedException notAllowed) {
            String allow = notAllowed.getResponse().getHeaderString(HttpHeaders.ALLOW);
            return allow == null ? response : Response.fromResponse(response).header(HttpHeaders.ALLOW, allow).build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response upstream(AirbyteException e, UriInfo uri) {
        return switch (e.reason()) {
            case CREDENTIALS_REJECTED -> upstreamProblem(e, ProblemType.UPSTREAM_CREDENTIALS_REJECTED,
                    ProblemType.UPSTREAM_CREDENTIALS_REJECTED.detail(), uri, null);
            case TOKEN_REJECTED -> upstreamProblem(e, ProblemType.UPSTREAM_CREDENTIALS_REJECTED,
                    "Airbyte rejected the gateway's access token. Ask the operator to check the credentials.", uri, null);
            case RATE_LIMITED ->
                upstreamProblem(e, ProblemType.UPSTREAM_RATE_LIMITED, ProblemType.UPSTREAM_RATE_LIMITED.detail(), uri,
                        e.retryAfter().orElse(Duration.ofSeconds(30)));
            case TIMEOUT ->
                upstreamProblem(e, ProblemType.UPSTREAM_TIMEOUT, ProblemType.UPSTREAM_TIMEOUT.detail(), uri, null);
            case BAD_RESPONSE ->
                upstreamProblem(e, ProblemType.UPSTREAM_BAD_RESPONSE, ProblemType.UPSTREAM_BAD_RESPONSE.detail(),
                        uri, null);
            case UNAVAILABLE, UNREACHABLE, REQUEST_REJECTED ->
                upstreamProblem(e, ProblemType.UPSTREAM_ERROR, ProblemType.UPSTREAM_ERROR.detail(), uri, null);
        };
    }

    @ServerExceptionMapper
    public Response tokenRejectedTwice(OperatorTokenRejectedTwiceException e, UriInfo uri) {
        return upstreamProblem(e, ProblemType.UPSTREAM_CREDENTIALS_REJECTED,
                "Airbyte rejected the gateway's access token. Ask the operator to check the credentials.", uri, null);
    }

    @ServerExceptionMapper
    public Response undecodableToken(UndecodableTokenException e, UriInfo uri) {
        return upstreamProblem(e, ProblemType.UPSTREAM_BAD_RESPONSE,
                "Airbyte returned a widget token the widget could not open.", uri,
                null);
    }

    @ServerExceptionMapper
    public Response timeout(TimeoutException e, UriInfo uri) {
        return upstreamProblem(e, ProblemType.UPSTREAM_TIMEOUT, ProblemType.UPSTREAM_TIMEOUT.detail(), uri, null);
    }

    @ServerExceptionMapper
    public Response circuitOpen(CircuitBreakerOpenException e, UriInfo uri) {
        return upstreamProblem(e, ProblemType.UPSTREAM_CIRCUIT_OPEN, ProblemType.UPSTREAM_CIRCUIT_OPEN.detail(), uri,
                availability.pausedFor().orElse(Duration.ofSeconds(1)));
    }

    @ServerExceptionMapper
    public Response busy(BulkheadException e, UriInfo uri) {
        return upstreamProblem(e, ProblemType.GATEWAY_BUSY, ProblemType.GATEWAY_BUSY.detail(),
                uri,
                Duration.ofSeconds(1));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        Log.errorf(e, "Unexpected failure on %s", uri.getPath());
        return problem(ProblemType.INTERNAL_ERROR, uri);
    }

    private static Response upstreamProblem(Throwable e, ProblemType type, String detail, UriInfo uri, Duration retryAfter) {
        // Our exceptions' messages are written by us and hold no upstream body or secret.
        // WARN, not ERROR: Airbyte's failures are not our bugs, and their state changes (breakers, credentials) are
        // logged once where they happen.
        Log.warnf("%s on %s: %s", type.type(), uri.getPath(), e.getMessage());
        return problem(type, detail, List.of(), uri, retryAfter);
    }

    static Response problem(ProblemType type, UriInfo uri) {
        return problem(type, type.detail(), List.of(), uri, null);
    }

    static Response problem(ProblemType type, String detail, UriInfo uri) {
        return problem(type, detail, List.of(), uri, null);
    }

    static Response problem(ProblemType type, String detail, List<Problem.FieldError> errors, UriInfo uri,
            Duration retryAfter) {
        if (type.status() < 500) {
            Log.debugf("%s on %s", type.type(), uri.getPath());
        }
        // A small request can name thousands of invalid fields (one per array item); the first ones are enough to act on.
        if (errors.size() > MAX_FIELD_ERRORS) {
            detail = detail + " " + (errors.size() - MAX_FIELD_ERRORS) + " more invalid fields are not listed.";
            errors = errors.subList(0, MAX_FIELD_ERRORS);
        }
        var problem = new Problem(type.type(), type.title(), type.status(), detail, uri.getPath(), errors);
        Response.ResponseBuilder builder = Response.status(type.status()).type(PROBLEM_JSON).entity(problem);
        Optional.ofNullable(retryAfter)
                .ifPresent(delay -> builder.header(HttpHeaders.RETRY_AFTER, Math.max(1, ceilSeconds(delay))));
        return builder.build();
    }

    private static long ceilSeconds(Duration delay) {
        return delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
    }

    private static boolean isReturnValue(Path path) {
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** JSON pointer of a violation in the request body: the property nodes after the method parameter. */
    private static String pointer(Path path) {
        StringBuilder pointer = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                if (node.getName() != null) {
                    pointer.append('/').append(escape(node.getName()));
                }
                if (node.getIndex() != null) {
                    pointer.append('/').append(node.getIndex());
                }
            }
        }
        return pointer.isEmpty() ? "" : pointer.toString();
    }

    private static String pointer(List<JsonMappingException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            pointer.append('/')
                    .append(reference.getFieldName() != null ? escape(reference.getFieldName()) : reference.getIndex());
        }
        return pointer.toString();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
