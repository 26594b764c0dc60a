package io.embedded.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.embedded.gateway.support.AirbyteStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/** One event loop per processor unless configured, and the running Vert.x has exactly that many. */
@QuarkusTest
@WithTestResource(AirbyteStandInResource.class)
class EventLoopsPerProcessorTest {

    @Inject
    Vertx vertx;

    @Test
    void shouldRunOneLoopPerProcessorWhenNotConfigured() {
        // A container limited to one CPU gets one loop, where Quarkus's own default would run two.
        assertThat(EventLoopsPerProcessor.eventLoops(Optional.empty(), 1)).isEqualTo(1);
        assertThat(EventLoopsPerProcessor.eventLoops(Optional.empty(), 4)).isEqualTo(4);
    }

    @Test
    void shouldKeepTheConfiguredCount() {
        assertThat(EventLoopsPerProcessor.eventLoops(Optional.of(3), 1)).isEqualTo(3);
    }

    @Test
    void shouldStartVertxWithThatManyLoops() {
        // The tests set no count, so the rule decides: as many loops as this JVM has processors.
        int loops = 0;
        for (var loop : vertx.nettyEventLoopGroup()) {
            loops++;
        }
        assertThat(loops).isEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
