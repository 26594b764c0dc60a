package io.embedded.gateway.errors;

import static io.embedded.gateway.errors.ProblemResponses.problem;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.embedded.gateway.identity.MissingUserIdException;

/**
 * Request bodies and parameters that fail validation or do not parse, as {@code invalid-request} problems whose field
 * errors are JSON pointers. Jackson's and the validator's own messages may quote the input, so only field paths and
 * constraint messages are used.
 */
public class RequestProblemMappers {

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
                return ProblemResponses.internalError(e, uri);
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
