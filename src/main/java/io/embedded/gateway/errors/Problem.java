package io.embedded.gateway.errors;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An RFC 9457 problem detail. Never carries an upstream body, a stack trace, a secret or a token. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem detail")
public record Problem(
        @Schema(description = "Stable identifier of the problem type", example = "urn:airbyte-embedded-gateway:problem:invalid-request") String type,
        @Schema(description = "Short summary of the problem type", example = "Invalid request") String title,
        @Schema(description = "HTTP status", example = "400") int status,
        @Schema(description = "What went wrong with this request, safe to show to a user") String detail,
        @Schema(description = "The request path", example = "/api/airbyte/widget-token") String instance,
        @Schema(description = "One entry per invalid field, for validation problems") List<FieldError> errors) {

    /** The media type of every problem answer. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field: where it is (a JSON pointer into the request body) and what is wrong with it. */
    @RegisterForReflection
    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(description = "JSON pointer to the field", example = "/userId") String pointer,
            @Schema(description = "What is wrong; never the submitted value", example = "must not be blank") String detail) {

        /** Longest pointer a field error names (then cut, ending in …); the API's own fields are far shorter. */
        public static final int MAX_POINTER_LENGTH = 200;
    }
}
