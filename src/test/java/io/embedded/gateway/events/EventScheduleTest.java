package io.embedded.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The retry schedule: one attempt at once, then one after each delay, then none. */
class EventScheduleTest {

    static final List<Duration> STANDARD = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));

    @Test
    void shouldWaitEachDelayInTurnAndStopAfterTheLast() {
        for (int attempt = 1; attempt <= STANDARD.size(); attempt++) {
            assertThat(WebhookDispatcher.delayAfter(attempt, STANDARD)).hasValue(STANDARD.get(attempt - 1));
        }
        assertThat(WebhookDispatcher.delayAfter(STANDARD.size() + 1, STANDARD)).as("8 attempts in all").isEmpty();
        assertThat(WebhookDispatcher.delayAfter(STANDARD.size() + 2, STANDARD)).isEmpty();
    }

    @Test
    void shouldTryOnceWithoutDelays() {
        assertThat(WebhookDispatcher.delayAfter(1, List.of())).isEmpty();
    }
}
