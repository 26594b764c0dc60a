package io.embedded.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketException;

import org.junit.jupiter.api.Test;

/** The create's retry predicate: only a connection that was never established may be repeated. */
class NeverConnectedTest {

    private final NeverConnected predicate = new NeverConnected();

    @Test
    void shouldRetryARefusedConnection() {
        assertThat(predicate.test(UpstreamStatus.classify(new RuntimeException(new ConnectException("Connection refused")))))
                .isTrue();
    }

    @Test
    void shouldNotRetryWhatMayHaveReachedAirbyte() {
        assertThat(predicate.test(UpstreamStatus.classify(new SocketException("Connection reset")))).isFalse();
        assertThat(predicate.test(UpstreamStatus.classify(new java.util.concurrent.TimeoutException()))).isFalse();
        assertThat(predicate.test(UpstreamStatus.classify(502, null))).isFalse();
        assertThat(predicate.test(UpstreamStatus.classify(503, null))).isFalse();
        assertThat(predicate.test(UpstreamStatus.classify(429, "1"))).isFalse();
        assertThat(predicate.test(UpstreamStatus.classify(500, null))).isFalse();
    }
}
