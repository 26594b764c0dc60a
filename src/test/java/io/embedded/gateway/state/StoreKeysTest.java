package io.embedded.gateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.runtime.configuration.ConfigurationException;

class StoreKeysTest {

    static final String KEY = RedisStores.HASH_KEY;
    static final String CLIENT_ID = "partner-a-client";

    @Test
    void shouldHashWhatNamesACallerWithTheFleetsKey() throws Exception {
        StoreKeys keys = StoreKeys.of(settings(Optional.of("gw"), Optional.of(KEY)), CLIENT_ID);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Arrays.copyOf(mac.doFinal("JWT:0::alice".getBytes(StandardCharsets.UTF_8)), 16));

        assertThat(keys.hashedKey("rate:write:identity", "JWT:0::alice"))
                .isEqualTo("{gw}:rate:write:identity:" + expected);
        assertThat(keys.key("rate:write:global")).isEqualTo("{gw}:rate:write:global");
    }

    @Test
    void shouldFingerprintARequestWithTheFleetsKeyNotAPlainHash() throws Exception {
        StoreKeys keys = StoreKeys.of(settings(Optional.of("gw"), Optional.of(KEY)), CLIENT_ID);
        byte[] body = "{\"configuration\":{\"api_key\":\"sk-live-guessable\"}}".getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update("POST /api/airbyte/sources\n".getBytes(StandardCharsets.UTF_8));
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac.doFinal(body), 16));

        String fingerprint = keys.hash("POST /api/airbyte/sources\n", body);

        assertThat(fingerprint).isEqualTo(expected).isNotEqualTo(Digests.sha256("POST /api/airbyte/sources\n", body));
        assertThat(keys.hash("POST /api/airbyte/sources\n", body)).as("stable, so a retry matches").isEqualTo(fingerprint);
    }

    @Test
    void shouldGiveEveryReplicaOfADeploymentTheSameKeys() {
        StoreKeys one = StoreKeys.of(settings(Optional.empty(), Optional.of(KEY)), CLIENT_ID);
        StoreKeys other = StoreKeys.of(settings(Optional.empty(), Optional.of(KEY)), CLIENT_ID);

        assertThat(one.prefix()).isEqualTo(other.prefix()).startsWith("airbyte-embedded-gateway:").hasSize(37);
        assertThat(one.hashedKey("n", "caller")).isEqualTo(other.hashedKey("n", "caller"));
    }

    @Test
    void shouldDeriveAnotherPrefixForAnotherAirbyteApplicationOrHashKey() {
        String prefix = StoreKeys.of(settings(Optional.empty(), Optional.of(KEY)), CLIENT_ID).prefix();

        assertThat(StoreKeys.of(settings(Optional.empty(), Optional.of(KEY)), "partner-b-client").prefix())
                .isNotEqualTo(prefix);
        assertThat(StoreKeys.of(settings(Optional.empty(), Optional.of(KEY.toUpperCase())), CLIENT_ID).prefix())
                .isNotEqualTo(prefix);
        assertThat(prefix).doesNotContain(CLIENT_ID);
    }

    @Test
    void shouldRefuseTheRedisStoreWithoutAHashKey() {
        assertThatThrownBy(() -> StoreKeys.of(settings(Optional.empty(), Optional.empty()), CLIENT_ID))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("gateway.state.redis.key-hash-key")
                .hasMessageContaining("GATEWAY_STATE_REDIS_KEY_HASH_KEY");
    }

    @Test
    void shouldRefuseAShortHashKeyWithoutQuotingIt() {
        String shortKey = "k".repeat(StoreKeys.MIN_KEY_LENGTH - 1);

        assertThatThrownBy(() -> StoreKeys.of(settings(Optional.empty(), Optional.of(shortKey)), CLIENT_ID))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("at least 32 characters")
                .hasMessageNotContaining(shortKey);
    }

    @ParameterizedTest
    @ValueSource(strings = { "gw{1}", "{gw", "gw}" })
    void shouldRefuseAPrefixThatBreaksTheHashTag(String prefix) {
        assertThatThrownBy(() -> StoreKeys.of(settings(Optional.of(prefix), Optional.of(KEY)), CLIENT_ID))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("gateway.state.redis.key-prefix");
    }

    private static StateConfig.Redis settings(Optional<String> prefix, Optional<String> hashKey) {
        return new RedisStores.Settings(Duration.ofMillis(250), Duration.ofSeconds(1), prefix, hashKey, 1);
    }
}
