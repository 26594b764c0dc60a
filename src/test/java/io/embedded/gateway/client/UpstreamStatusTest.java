package io.embedded.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

import io.embedded.gateway.client.AirbyteException.Reason;

class UpstreamStatusTest {

    @Test
    void shouldClassifyStatuses() {
        assertThat(UpstreamStatus.classify(401, null)).isInstanceOf(AirbyteException.RefusedByAirbyte.class)
                .extracting(AirbyteException::reason).isEqualTo(Reason.TOKEN_REJECTED);
        assertThat(UpstreamStatus.classify(403, null).reason()).isEqualTo(Reason.TOKEN_REJECTED);
        assertThat(UpstreamStatus.classify(422, null).reason()).isEqualTo(Reason.REQUEST_REJECTED);
        assertThat(UpstreamStatus.classify(429, "7").retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(UpstreamStatus.classify(500, null)).isInstanceOfSatisfying(AirbyteException.class,
                failure -> assertThat(failure.isTransient()).isFalse());
        for (int status : new int[] { 502, 503, 504 }) {
            assertThat(UpstreamStatus.classify(status, null)).isInstanceOfSatisfying(AirbyteException.class,
                    failure -> assertThat(failure.isTransient()).isTrue());
        }
    }

    @Test
    void shouldClassifyTransportFailures() {
        assertThat(UpstreamStatus.classify(new RuntimeException(new ConnectException("refused"))).reason())
                .isEqualTo(Reason.UNREACHABLE);
        assertThat(UpstreamStatus.classify(new IOException("reset")).reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(UpstreamStatus.classify(new RuntimeException(new java.util.concurrent.TimeoutException())).reason())
                .isEqualTo(Reason.TIMEOUT);
        assertThat(UpstreamStatus.classify(new io.vertx.core.impl.NoStackTraceTimeoutException("request timeout"))
                .reason()).as("the REST client's read timeout").isEqualTo(Reason.TIMEOUT);
        assertThat(UpstreamStatus.classify(new RuntimeException(io.netty.handler.timeout.ReadTimeoutException.INSTANCE))
                .reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(UpstreamStatus.classify(new java.net.SocketTimeoutException("read timed out")).reason())
                .as("a timeout, though an IOException").isEqualTo(Reason.TIMEOUT);
        assertThat(UpstreamStatus.classify(new RuntimeException(new io.netty.channel.ConnectTimeoutException("slow")))
                .reason()).as("never connected").isEqualTo(Reason.UNREACHABLE);
        assertThat(UpstreamStatus.classify(new IllegalStateException("?")).reason()).isEqualTo(Reason.BAD_RESPONSE);
    }

    @Test
    void shouldClassifyAnAnswerThatIsNotTheJsonExpectedAsABadResponseNeverRetried() throws Exception {
        // How the REST client reports a 200 whose body Jackson cannot read: an IOException, but not a transport failure.
        Exception unreadable = new jakarta.ws.rs.ProcessingException(new com.fasterxml.jackson.core.JsonParseException(
                null, "Unexpected character ('<')"));

        AirbyteException classified = UpstreamStatus.classify(unreadable);

        assertThat(classified.reason()).isEqualTo(Reason.BAD_RESPONSE);
        assertThat(classified.isTransient()).isFalse();
        assertThat(new IsTransient().test(classified)).isFalse();
    }

    @Test
    void shouldTranslateFaultTolerancesRefusalsIntoReasons() {
        var paused = java.util.Optional.of(Duration.ofSeconds(7));

        assertThat(UpstreamStatus.classifyRefusal(new CircuitBreakerOpenException("open"), () -> paused))
                .isInstanceOfSatisfying(AirbyteException.class, open -> {
                    assertThat(open.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
                    assertThat(open.retryAfter()).contains(Duration.ofSeconds(7));
                });
        assertThat(UpstreamStatus.classifyRefusal(new BulkheadException("full"), java.util.Optional::empty))
                .isInstanceOfSatisfying(AirbyteException.class, busy -> assertThat(busy.reason()).isEqualTo(Reason.BUSY));
        assertThat(UpstreamStatus.classifyRefusal(new TimeoutException("late"), java.util.Optional::empty))
                .isInstanceOfSatisfying(AirbyteException.class,
                        late -> assertThat(late.reason()).isEqualTo(Reason.TIMEOUT));
        var ours = new IllegalStateException("ours");
        assertThat(UpstreamStatus.classifyRefusal(ours, java.util.Optional::empty)).isSameAs(ours);
    }

    @Test
    void shouldParseRetryAfterAsSecondsOrHttpDate() {
        Instant now = Instant.parse("2026-11-21T12:00:00Z");
        assertThat(UpstreamStatus.parseRetryAfter("3600", now)).isEqualTo(Duration.ofHours(1));
        assertThat(UpstreamStatus.parseRetryAfter("Sat, 21 Nov 2026 12:00:30 GMT", now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(UpstreamStatus.parseRetryAfter("Sat, 21 Nov 2026 11:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(UpstreamStatus.parseRetryAfter("soon", now)).isNull();
        assertThat(UpstreamStatus.parseRetryAfter("-1", now)).isNull();
        assertThat(UpstreamStatus.parseRetryAfter(null, now)).isNull();
    }

    @Test
    void shouldKeepShortLivedTokensUsefulWhenComputingTheCacheLifetime() {
        var fifteenMinutes = new OperatorToken("t", Instant.EPOCH, Duration.ofMinutes(15));
        var twoSeconds = new OperatorToken("t", Instant.EPOCH, Duration.ofSeconds(2));

        assertThat(fifteenMinutes.cacheFor(Duration.ofSeconds(60))).isEqualTo(Duration.ofMinutes(14));
        assertThat(twoSeconds.cacheFor(Duration.ofSeconds(60))).isEqualTo(Duration.ofMillis(1800));
        assertThat(fifteenMinutes.toString()).doesNotContain("t,").contains("redacted");
    }
}
