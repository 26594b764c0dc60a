package io.embedded.gateway.sources;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.client.AirbyteApiClient;
import io.embedded.gateway.client.JwtClaims;
import io.embedded.gateway.client.ScopedTokenRequest;
import io.embedded.gateway.ratelimit.Budget;
import io.embedded.gateway.ratelimit.RateLimiter;
import io.embedded.gateway.token.OperatorTokenService;
import io.smallrye.mutiny.Uni;

/**
 * Makes sure a caller's workspace exists before anything is created in it. Airbyte gets or creates a workspace when a
 * widget or scoped token is minted for its name, but answers 404 to a connector create for a name it does not know yet.
 * The names this instance has seen exist are remembered, so only a caller's first create costs one extra call, with
 * their ids when a minted token named them (source events carry the id).
 */
@ApplicationScoped
public class Workspaces {

    /** Names remembered at most; past that the set starts over, which costs each caller one more provisioning call. */
    static final int REMEMBERED = 100_000;

    private final OperatorTokenService operatorTokens;
    private final AirbyteApiClient airbyte;
    private final RateLimiter limits;
    private final ObjectMapper json;
    /** Workspace names known to exist, with their ids ("" when no token named it). */
    private final Map<String, String> known = new ConcurrentHashMap<>();

    Workspaces(OperatorTokenService operatorTokens, AirbyteApiClient airbyte, RateLimiter limits, ObjectMapper json) {
        this.operatorTokens = operatorTokens;
        this.airbyte = airbyte;
        this.limits = limits;
        this.json = json;
    }

    /** Records that Airbyte has a workspace called {@code name}: a token was minted for it, or a source created in it. */
    public void exists(String name) {
        exists(name, null);
    }

    /** The same, with its id when known (null: not known). */
    public void exists(String name, String id) {
        if (known.size() >= REMEMBERED) {
            known.clear();
        }
        if (id != null) {
            known.put(name, id);
        } else {
            known.putIfAbsent(name, "");
        }
    }

    /** Completes once {@code name} exists: at once when known, else after one scoped-token call (get-or-create). */
    public Uni<Void> ensure(String name) {
        return known.containsKey(name) ? Uni.createFrom().voidItem() : provision(name);
    }

    /**
     * The id of the existing workspace {@code name}: at once when a token minted by this instance named it, else after one
     * scoped-token call (get-or-create, charged like {@link #provision}); null when Airbyte's token does not name it.
     */
    public Uni<String> id(String name) {
        String id = known.get(name);
        return id != null && !id.isEmpty() ? Uni.createFrom().item(id)
                : provision(name).map(ignored -> known.get(name)).map(found -> found == null || found.isEmpty() ? null : found);
    }

    /**
     * Gets or creates {@code name} in Airbyte, whatever this instance remembers (it may have been deleted since). The call
     * is charged to the global write limit: the create that needs it was charged once, and Airbyte counts both.
     */
    public Uni<Void> provision(String name) {
        return limits.acquireGlobal(Budget.WRITE)
                .chain(() -> operatorTokens.withToken(token -> airbyte.createScopedToken(token, new ScopedTokenRequest(name))))
                .invoke(token -> exists(name, JwtClaims.of(json, token).flatMap(JwtClaims::workspaceId).orElse(null)))
                .replaceWithVoid();
    }
}
