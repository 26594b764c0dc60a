package io.embedded.gateway.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import org.jose4j.jwt.JwtClaims;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;

/**
 * The single place that decides who the caller is and which workspace is theirs, for every endpoint.
 * <p>
 * Usage from any JAX-RS resource method (inject {@code @Context HttpHeaders headers}):
 *
 * <pre>{@code
 * identities.resolve(headers, body == null ? null : body.userId())
 *         .flatMap(caller -> ...caller.workspaceName()...)
 * }</pre>
 *
 * The returned {@link Uni} fails with {@link UnauthenticatedException} (401) when the caller is not authenticated,
 * in {@code jwt} mode with {@link IdentityProviderUnavailableException} (503) when the identity provider's keys cannot
 * be fetched, and in {@code body} mode only with {@link MissingUserIdException} (400) when no user id was given. It
 * never blocks: {@link BearerTokenVerifier} checks the token on the event loop and fetches keys without blocking.
 * <ul>
 * <li>{@code jwt}: {@code Authorization: Bearer <partner JWT>}; user and tenant from the configured claims.</li>
 * <li>{@code header}: the user header, trusted only when the shared-secret header matches (constant-time).</li>
 * <li>{@code body}: the {@code userId} the caller names. Ignored in the other two modes.</li>
 * </ul>
 */
@Startup
@ApplicationScoped
public class CallerIdentityResolver {

    private final IdentityConfig config;
    private final BearerTokenVerifier bearerTokens;
    private final WorkspaceNameTemplate template;
    private final byte[] proxySecretDigest;

    CallerIdentityResolver(IdentityConfig config, BearerTokenVerifier bearerTokens) {
        IdentitySettings.check(config);
        this.config = config;
        this.bearerTokens = bearerTokens;
        this.template = WorkspaceNameTemplate.parse(config.workspaceTemplate());
        this.proxySecretDigest = config.header().secret().map(CallerIdentityResolver::sha256).orElse(null);
        if (config.mode() == IdentityMode.BODY && LaunchMode.current() == LaunchMode.NORMAL) {
            Log.warn("gateway.identity.mode=body: callers name their own user in the request body and can obtain a token"
                    + " for any workspace. Use it only behind trusted internal callers; choose jwt or header otherwise.");
        }
        Log.infof("Caller identity mode: %s; workspace template: %s", config.mode(), config.workspaceTemplate());
    }

    /**
     * Resolves the caller of the current request.
     *
     * @param headers the request's headers ({@code @Context HttpHeaders})
     * @param bodyUserId the {@code userId} from the request body, already validated, or null; used in {@code body} mode
     *        only and ignored otherwise, so a caller can never choose someone else's workspace
     */
    public Uni<CallerIdentity> resolve(HttpHeaders headers, String bodyUserId) {
        return switch (config.mode()) {
            case JWT -> fromBearerToken(headers);
            case HEADER -> Uni.createFrom().item(() -> fromProxyHeaders(headers));
            case BODY -> Uni.createFrom().item(() -> fromBody(bodyUserId));
        };
    }

    private Uni<CallerIdentity> fromBearerToken(HttpHeaders headers) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Uni.createFrom().failure(new UnauthenticatedException("no bearer token", authorization != null));
        }
        return bearerTokens.verify(authorization.substring(7).strip()).map(this::fromClaims);
    }

    private CallerIdentity fromClaims(JwtClaims claims) {
        IdentityConfig.Jwt settings = config.jwt();
        String user = claim(claims, settings.userClaim())
                .orElseThrow(() -> new UnauthenticatedException("token lacks the user claim", true));
        String tenant = null;
        if (settings.tenantClaim().isPresent()) {
            tenant = claim(claims, settings.tenantClaim().get())
                    .orElseThrow(() -> new UnauthenticatedException("token lacks the tenant claim", true));
        }
        return identity(user, tenant, IdentityMode.JWT);
    }

    private CallerIdentity fromProxyHeaders(HttpHeaders headers) {
        String secret = headers.getHeaderString(config.header().secretHeader());
        // Compare digests: constant time whatever the lengths, so timing reveals nothing about the secret.
        if (secret == null || !MessageDigest.isEqual(sha256(secret), proxySecretDigest)) {
            throw new UnauthenticatedException("proxy secret missing or wrong", secret != null);
        }
        String user = headers.getHeaderString(config.header().userHeader());
        String tenant = config.header().tenantHeader().map(headers::getHeaderString).orElse(null);
        if (user == null || (template.usesTenant() && tenant == null)) {
            throw new UnauthenticatedException("proxy sent no user or tenant", true);
        }
        return identity(user, tenant, IdentityMode.HEADER);
    }

    private CallerIdentity fromBody(String userId) {
        if (userId == null) {
            throw new MissingUserIdException();
        }
        return identity(userId, null, IdentityMode.BODY);
    }

    private CallerIdentity identity(String user, String tenant, IdentityMode mode) {
        String workspace = template.apply(user, tenant)
                .orElseThrow(() -> new UnauthenticatedException("identity cannot name a workspace", true));
        return new CallerIdentity(user, tenant, workspace, mode);
    }

    /** A string or numeric claim as text; other shapes (objects, arrays, booleans) do not name anyone. */
    private static Optional<String> claim(JwtClaims claims, String name) {
        Object value = claims.getClaimValue(name);
        if (value instanceof Number number) {
            value = number.toString();
        }
        return value instanceof String text && !text.isEmpty() ? Optional.of(text) : Optional.empty();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
