package io.embedded.gateway.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A caller-named user id ({@code body} identity mode): 1 to 128 letters, digits and {@code . _ @ + : | -}, so that it
 * is safe in a workspace name, a log line and a URL. {@link UserIdSchemas} documents the same rule in OpenAPI.
 */
@Documented
@Constraint(validatedBy = {})
@Size(min = 1, max = UserId.MAX_LENGTH)
@Pattern(regexp = UserId.PATTERN, message = "may only contain letters, digits and . _ @ + : | -")
@Target({ ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
public @interface UserId {

    int MAX_LENGTH = 128;
    String PATTERN = "[\\p{L}\\p{N}._@+:|-]*";
    /** How every {@code userId} field and parameter is described. */
    String DESCRIPTION = "Only when gateway.identity.mode=body: the partner's id for the end user. Ignored in jwt and "
            + "header modes, where the caller's credentials name the user. Letters, digits and . _ @ + : | - only.";

    String message() default "is not a valid user id";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
