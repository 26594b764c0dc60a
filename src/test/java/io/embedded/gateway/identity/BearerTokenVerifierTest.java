package io.embedded.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;

/** Verification without Quarkus: what is refused before any key is looked up, and what a good token yields. */
class BearerTokenVerifierTest {

    static final String ISSUER = TestIdentityConfig.ISSUER;
    static final String AUDIENCE = TestIdentityConfig.AUDIENCE;
    /** The gateway's clock in these tests: tokens are issued relative to it. */
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final long DAY = 86_400;

    private final RsaJsonWebKey key = generate();
    private final AtomicInteger keyLookups = new AtomicInteger();
    private final BearerTokenVerifier verifier = new BearerTokenVerifier(TestIdentityConfig.jwtMode(), new CountingKeys(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldRefuseWhatDoesNotParseOrIsNotAsymmetricallySignedWithoutLookingUpKeys() throws Exception {
        for (String token : List.of("caller-credential", "a.b.c", "", "eyJhbGciOiJub25lIn0.e30.", hmacSigned())) {
            assertThatThrownBy(() -> verifier.verify(token).await().indefinitely()).as(token)
                    .isInstanceOf(UnauthenticatedException.class);
        }
        assertThat(keyLookups).as("key lookups (each could fetch the JWKS)").hasValue(0);
    }

    @Test
    void shouldVerifyATokenSignedByAPublishedKey() throws Exception {
        JwtClaims claims = verifier.verify(sign(key, AlgorithmIdentifiers.RSA_USING_SHA256)).await().indefinitely();

        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(keyLookups).hasValue(1);
    }

    @Test
    void shouldAcceptATokenLivingExactlyTheMaximumLifetime() throws Exception {
        long now = NOW.getEpochSecond();

        assertThat(verifier.verify(sign(key, lifetime(now, now + DAY))).await().indefinitely().getSubject())
                .isEqualTo("alice");
        assertThat(verifier.verify(sign(key, lifetime(null, now + DAY))).await().indefinitely().getSubject())
                .as("without iat, measured from now").isEqualTo("alice");
        // The clock skew (30 s by default) is allowed on top, to the second; one more is refused (next test).
        assertThat(verifier.verify(sign(key, lifetime(null, now + DAY + 30))).await().indefinitely().getSubject())
                .as("without iat, with the whole clock skew").isEqualTo("alice");
    }

    @Test
    void shouldRefuseTokensLivingLongerThanTheMaximumLifetime() throws Exception {
        long now = NOW.getEpochSecond();
        // 24 h is the default of gateway.identity.jwt.max-token-lifetime.
        for (JwtClaims claims : List.of(lifetime(now, now + DAY + 1), lifetime(now - 3_600, now + DAY),
                lifetime(null, now + DAY + 31), lifetime(now + DAY, now + 2 * DAY), lifetime(now, now + 10 * 365 * DAY))) {
            String token = sign(key, claims);
            assertThatThrownBy(() -> verifier.verify(token).await().indefinitely()).as(claims.toJson())
                    .isInstanceOf(UnauthenticatedException.class);
        }
    }

    private static JwtClaims lifetime(Long issuedAt, long expires) {
        JwtClaims claims = claims();
        if (issuedAt != null) {
            claims.setIssuedAt(NumericDate.fromSeconds(issuedAt));
        } else {
            // claims() sets iat: without this, "without iat" cases had one and never reached the check from now.
            claims.unsetClaim("iat");
        }
        claims.setExpirationTime(NumericDate.fromSeconds(expires));
        return claims;
    }

    private String hmacSigned() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims().toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey(new byte[32]));
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }

    private static String sign(RsaJsonWebKey key, String algorithm) throws Exception {
        return sign(key, algorithm, claims());
    }

    private static String sign(RsaJsonWebKey key, JwtClaims claims) throws Exception {
        return sign(key, AlgorithmIdentifiers.RSA_USING_SHA256, claims);
    }

    private static String sign(RsaJsonWebKey key, String algorithm, JwtClaims claims) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setKey(key.getPrivateKey());
        return jws.getCompactSerialization();
    }

    private static JwtClaims claims() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject("alice");
        claims.setIssuedAt(NumericDate.fromSeconds(NOW.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(NOW.getEpochSecond() + 300));
        return claims;
    }

    private static RsaJsonWebKey generate() {
        try {
            RsaJsonWebKey generated = RsaJwkGenerator.generateJwk(2048);
            generated.setKeyId("k1");
            return generated;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keys that never fetch: they count lookups and return the one test key. */
    private final class CountingKeys extends IdentityProviderKeys {

        CountingKeys() {
            super(TestIdentityConfig.jwtMode(), Clock.systemUTC(), null, new SimpleMeterRegistry());
        }

        @Override
        public Uni<List<JsonWebKey>> keysFor(String kid) {
            keyLookups.incrementAndGet();
            return Uni.createFrom().item(List.of(key));
        }
    }
}
