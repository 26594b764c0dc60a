package io.embedded.gateway.origin;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link ValidOrigin} with {@link Origins#problemWith(String)}, naming the exact problem. */
public class ValidOriginValidator implements ConstraintValidator<ValidOrigin, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        var problem = Origins.problemWith(value);
        if (problem.isEmpty()) {
            return true;
        }
        // The message is one of our constants, never the configured value, so no EL interpolation risk.
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(problem.get()).addConstraintViolation();
        return false;
    }
}
