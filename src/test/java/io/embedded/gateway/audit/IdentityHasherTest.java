package io.embedded.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.embedded.gateway.identity.CallerIdentity;
import io.embedded.gateway.identity.IdentityMode;

class IdentityHasherTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final IdentityHasher hasher = new IdentityHasher(KEY);

    @Test
    void hashIsTruncatedHmacSha256OfTheIdentityKey() throws Exception {
        CallerIdentity caller = caller("user-1");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Arrays.copyOf(mac.doFinal(caller.key().getBytes(StandardCharsets.UTF_8)), 16));

        assertThat(hasher.hash(caller)).isEqualTo(expected).hasSize(22);
    }

    @Test
    void repeatedHashesOnOneThreadDoNotCarryStateOver() {
        // The Mac is reused per thread: a hash must not depend on what was hashed before it.
        String first = hasher.hash(caller("user-1"));
        hasher.hash(caller("user-2"));
        assertThat(hasher.hash(caller("user-1"))).isEqualTo(first);
        assertThat(hasher.hash(caller("user-2"))).isNotEqualTo(first);
    }

    @Test
    void everyThreadComputesTheSameHash() throws Exception {
        String here = hasher.hash(caller("user-1"));
        String elsewhere = CompletableFuture.supplyAsync(() -> hasher.hash(caller("user-1"))).get();
        assertThat(elsewhere).isEqualTo(here);
    }

    @Test
    void anotherKeyGivesAnotherHash() {
        byte[] otherKey = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);
        assertThat(new IdentityHasher(otherKey).hash(caller("user-1"))).isNotEqualTo(hasher.hash(caller("user-1")));
    }

    private static CallerIdentity caller(String user) {
        return new CallerIdentity(user, null, user, IdentityMode.BODY);
    }
}
