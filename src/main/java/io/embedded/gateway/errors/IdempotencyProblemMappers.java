package io.embedded.gateway.errors;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.embedded.gateway.events.EventStoreUnavailableException;
import io.embedded.gateway.idempotency.IdempotencyConflictException;
import io.embedded.gateway.idempotency.InvalidIdempotencyKeyException;
import io.embedded.gateway.idempotency.ReplayedAnswerException;
import io.embedded.gateway.idempotency.StoredAnswer;
import io.embedded.gateway.state.SharedStoreUnavailableException;

/**
 * The answers of requests with an {@code Idempotency-Key} that did not run: replays, conflicts, and no shared store; and
 * a source event that could not be stored, for the same reason.
 */
public class IdempotencyProblemMappers {

    /** Marks a replayed answer, so a client can tell it from a fresh one. */
    static final String REPLAYED = "Idempotent-Replayed";

    /** The first request's answer, as it was sent. */
    @ServerExceptionMapper
    public Response replay(ReplayedAnswerException e) {
        StoredAnswer answer = e.answer();
        return Response.status(answer.status()).type(answer.contentType()).entity(answer.body())
                .header("Cache-Control", "no-store").header(REPLAYED, "true").build();
    }

    @ServerExceptionMapper
    public Response conflict(IdempotencyConflictException e, UriInfo uri) {
        return ProblemResponses.problem(switch (e.reason()) {
            case IN_PROGRESS -> ProblemType.IDEMPOTENCY_KEY_IN_USE;
            case OTHER_REQUEST -> ProblemType.IDEMPOTENCY_KEY_REUSED;
            case OUTCOME_UNKNOWN -> ProblemType.IDEMPOTENCY_OUTCOME_UNKNOWN;
        }, uri);
    }

    @ServerExceptionMapper
    public Response invalidKey(InvalidIdempotencyKeyException e, UriInfo uri) {
        return ProblemResponses.problem(ProblemType.INVALID_REQUEST,
                "The Idempotency-Key header must be 1 to 255 visible ASCII characters.", uri);
    }

    /** Logged once per change of state by SharedStore. */
    @ServerExceptionMapper
    public Response storeUnavailable(SharedStoreUnavailableException e, UriInfo uri) {
        return ProblemResponses.problem(ProblemType.IDEMPOTENCY_UNAVAILABLE, ProblemType.IDEMPOTENCY_UNAVAILABLE.detail(),
                List.of(), uri, e.retryAfter());
    }

    static final String EVENT_NOT_STORED = "The gateway's shared store is unavailable, so the event cannot be stored and "
            + "will not be sent. Try again later.";

    /** A reported source event cannot be promised to be sent once without the shared store: refused, never dropped. */
    @ServerExceptionMapper
    public Response eventStoreUnavailable(EventStoreUnavailableException e, UriInfo uri) {
        return ProblemResponses.problem(ProblemType.IDEMPOTENCY_UNAVAILABLE, EVENT_NOT_STORED, List.of(), uri,
                e.retryAfter());
    }
}
