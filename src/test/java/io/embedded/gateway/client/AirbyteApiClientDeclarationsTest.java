package io.embedded.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.junit.jupiter.api.Test;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;

/**
 * What adding an upstream operation must declare, checked so that it cannot be forgotten: its {@code @UpstreamCall}
 * name, a breaker named after it (readiness and {@code Retry-After} follow breakers by that name) and a bulkhead.
 */
class AirbyteApiClientDeclarationsTest {

    private static final List<Method> OPERATIONS = Arrays.stream(AirbyteApiClient.class.getDeclaredMethods())
            .filter(method -> Modifier.isPublic(method.getModifiers()) && method.getReturnType() == Uni.class).toList();

    @Test
    void shouldNameEachOperationsBreakerAfterTheOperation() {
        assertThat(OPERATIONS).hasSize(AirbyteApi.class.getDeclaredMethods().length - 2);
        for (Method operation : OPERATIONS) {
            UpstreamCall call = operation.getAnnotation(UpstreamCall.class);
            assertThat(call).as("@UpstreamCall on %s", operation.getName()).isNotNull();
            assertThat(operation.getAnnotation(CircuitBreakerName.class)).as("breaker of %s", operation.getName())
                    .extracting(CircuitBreakerName::value).isEqualTo(UpstreamAvailability.BREAKER_PREFIX + call.value());
            assertThat(operation.getAnnotation(Bulkhead.class)).as("bulkhead of %s", operation.getName()).isNotNull();
        }
        assertThat(OPERATIONS.stream().map(operation -> operation.getAnnotation(UpstreamCall.class).value()))
                .doesNotHaveDuplicates();
    }
}
