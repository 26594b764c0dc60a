package io.embedded.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;

/** Verification without Quarkus: what is refused before any key is looked up, and what a good token yields. */
class BearerTokenVerifierTest {

    static final String ISSUER = "https://idp.partner.example/";
    static final String AUDIENCE = "airbyte-embedded-gateway";

    private final RsaJsonWebKey key = generate();
    private final AtomicInteger keyLookups = new AtomicInteger();
    private final BearerTokenVerifier verifier = new BearerTokenVerifier(config(), new CountingKeys(), Clock.systemUTC());

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

    private String hmacSigned() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims().toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey(new byte[32]));
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }

    private static String sign(RsaJsonWebKey key, String algorithm) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims().toJson());
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
        claims.setExpirationTimeMinutesInTheFuture(5);
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

    private static IdentityConfig config() {
        var jwt = new TestJwt(Optional.of(ISSUER), Optional.of(List.of(AUDIENCE)),
                Optional.of(URI.create("https://idp.partner.example/jwks")), Optional.empty(), "sub", Optional.empty(),
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5));
        return new TestIdentity(IdentityMode.JWT, "{user}", jwt, null);
    }

    /** Keys that never fetch: they count lookups and return the one test key. */
    private final class CountingKeys extends IdentityProviderKeys {

        CountingKeys() {
            super(config(), Clock.systemUTC(), null, new SimpleMeterRegistry());
        }

        @Override
        public Uni<List<JsonWebKey>> keysFor(String kid) {
            keyLookups.incrementAndGet();
            return Uni.createFrom().item(List.of(key));
        }
    }

    private record TestIdentity(IdentityMode mode, String workspaceTemplate, IdentityConfig.Jwt jwt,
            IdentityConfig.Header header) implements IdentityConfig {
    }

    private record TestJwt(Optional<String> issuer, Optional<List<String>> audience, Optional<URI> jwksUrl,
            Optional<String> publicKey, String userClaim, Optional<String> tenantClaim, Duration clockSkew,
            Duration jwksTimeout, Duration jwksForcedRefreshInterval) implements IdentityConfig.Jwt {
    }

}
