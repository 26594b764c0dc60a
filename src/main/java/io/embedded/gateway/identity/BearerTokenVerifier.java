package io.embedded.gateway.identity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.mutiny.Uni;

/**
 * Verifies a partner's bearer JWT ({@code gateway.identity.mode=jwt}): an asymmetric signature by one of the identity
 * provider's keys (or the configured public key), the issuer, one of the audiences, a required expiry and not-before,
 * with the configured clock skew, and a lifetime of at most {@code gateway.identity.jwt.max-token-lifetime}. A token
 * that does not even parse, or names an algorithm we never accept, is refused before any key is looked up, so garbage
 * cannot make the gateway call the identity provider.
 */
@ApplicationScoped
public class BearerTokenVerifier {

    /** Asymmetric algorithms only: {@code none} and HMAC (which would let a public key act as a secret) are refused. */
    static final Set<String> ACCEPTED_ALGORITHMS = Set.of(AlgorithmIdentifiers.RSA_USING_SHA256,
            AlgorithmIdentifiers.RSA_USING_SHA384, AlgorithmIdentifiers.RSA_USING_SHA512,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA256, AlgorithmIdentifiers.RSA_PSS_USING_SHA384,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA512, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384, AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512);

    private static final AlgorithmConstraints CONSTRAINTS = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, ACCEPTED_ALGORITHMS.toArray(String[]::new));

    private final IdentityConfig.Jwt config;
    private final IdentityProviderKeys keys;
    private final Clock clock;
    private final PublicKey configuredKey;

    BearerTokenVerifier(IdentityConfig config, IdentityProviderKeys keys, Clock clock) {
        this.config = config.jwt();
        this.keys = keys;
        this.clock = clock;
        this.configuredKey = config.mode() == IdentityMode.JWT ? config.jwt().publicKey().map(BearerTokenVerifier::publicKey)
                .orElse(null) : null;
    }

    /**
     * The verified claims of {@code token}. Fails with {@link UnauthenticatedException} when the token is refused and
     * with {@link IdentityProviderUnavailableException} when the keys to check it cannot be fetched.
     */
    public Uni<JwtClaims> verify(String token) {
        JsonWebSignature signed;
        try {
            if (!(JsonWebStructure.fromCompactSerialization(token) instanceof JsonWebSignature jws)) {
                return refused("bearer token is not a signed JWT");
            }
            signed = jws;
        } catch (JoseException | RuntimeException e) {
            return refused("bearer token does not parse");
        }
        if (!ACCEPTED_ALGORITHMS.contains(signed.getAlgorithmHeaderValue())) {
            return refused("bearer token algorithm not accepted");
        }
        if (configuredKey != null) {
            return Uni.createFrom().item(() -> claims(token, consumer().setVerificationKey(configuredKey)));
        }
        return keys.keysFor(signed.getKeyIdHeaderValue()).map(published -> claims(token, consumer()
                .setVerificationKeyResolver(resolver(published))));
    }

    private JwtConsumerBuilder consumer() {
        return new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(CONSTRAINTS)
                .setExpectedIssuer(config.issuer().orElseThrow())
                .setExpectedAudience(config.audience().orElseThrow().toArray(String[]::new))
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds((int) config.clockSkew().toSeconds())
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()));
    }

    private static JwksVerificationKeyResolver resolver(List<JsonWebKey> published) {
        JwksVerificationKeyResolver resolver = new JwksVerificationKeyResolver(published);
        // A token without a kid may still match one of several keys: try each candidate's signature.
        resolver.setDisambiguateWithVerifySignature(true);
        return resolver;
    }

    private JwtClaims claims(String token, JwtConsumerBuilder consumer) {
        JwtClaims claims;
        try {
            claims = consumer.build().processToClaims(token);
        } catch (InvalidJwtException e) {
            // jose4j's message quotes the claims: keep only which checks failed.
            throw new UnauthenticatedException("bearer token refused (jose4j error codes " + e.getErrorDetails().stream()
                    .map(detail -> String.valueOf(detail.getErrorCode())).toList() + ")", true);
        }
        checkLifetime(claims);
        return claims;
    }

    /**
     * Refuses a token valid for longer than {@code max-token-lifetime}: from its {@code iat}, and from now (with the
     * skew) as well, so that a missing or future {@code iat} cannot stretch it. jose4j has already checked that
     * {@code exp} is present and not past, so the subtractions below cannot overflow.
     */
    private void checkLifetime(JwtClaims claims) {
        long longest = config.maxTokenLifetime().toSeconds();
        try {
            long expires = claims.getExpirationTime().getValue();
            NumericDate issuedAt = claims.getIssuedAt();
            if ((issuedAt != null && expires - longest > issuedAt.getValue())
                    || expires - longest - config.clockSkew().toSeconds() > clock.instant().getEpochSecond()) {
                throw new UnauthenticatedException("bearer token valid for longer than max-token-lifetime", true);
            }
        } catch (MalformedClaimException e) {
            throw new UnauthenticatedException("bearer token has a malformed exp or iat", true);
        }
    }

    private static <T> Uni<T> refused(String why) {
        return Uni.createFrom().failure(new UnauthenticatedException(why, true));
    }

    /** Reads {@code gateway.identity.jwt.public-key}: a PEM or base64 X.509 SubjectPublicKeyInfo, RSA or EC. */
    static PublicKey publicKey(String configured) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(configured.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").strip());
        } catch (IllegalArgumentException e) {
            throw invalidKey();
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // Try the next key type.
            }
        }
        throw invalidKey();
    }

    private static ConfigurationException invalidKey() {
        return new ConfigurationException("gateway.identity.jwt.public-key must be a PEM or base64 X.509 RSA or EC public key");
    }
}
