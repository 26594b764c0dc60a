package io.embedded.gateway.origin;

import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** A browser origin exactly as a browser sends it in the {@code Origin} header: {@code scheme://host[:port]}. */
@Documented
@Retention(RUNTIME)
@Target(TYPE_USE)
@Constraint(validatedBy = ValidOriginValidator.class)
public @interface ValidOrigin {

    String message() default "must be an origin as browsers send it: scheme://host[:port], lower case, no path, no trailing slash, no wildcard, no default port";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
