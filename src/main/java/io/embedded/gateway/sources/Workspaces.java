package io.embedded.gateway.sources;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.embedded.gateway.client.AirbyteApiClient;
import io.embedded.gateway.client.ScopedTokenRequest;
import io.embedded.gateway.ratelimit.Budget;
import io.embedded.gateway.ratelimit.RateLimiter;
import io.embedded.gateway.token.OperatorTokenService;
import io.smallrye.mutiny.Uni;

/**
 * Makes sure a caller's workspace exists before anything is created in it. Airbyte gets or creates a workspace when a
 * widget or scoped token is minted for its name, but answers 404 to a connector create for a name it does not know yet.
 * The names this instance has seen exist are remembered, so only a caller's first create costs one extra call.
 */
@ApplicationScoped
public class Workspaces {

    /** Names remembered at most; past that the set starts over, which costs each caller one more provisioning call. */
    static final int REMEMBERED = 100_000;

    private final OperatorTokenService operatorTokens;
    private final AirbyteApiClient airbyte;
    private final RateLimiter limits;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    Workspaces(OperatorTokenService operatorTokens, AirbyteApiClient airbyte, RateLimiter limits) {
        this.operatorTokens = operatorTokens;
        this.airbyte = airbyte;
        this.limits = limits;
    }

    /** Records that Airbyte has a workspace called {@code name}: a token was minted for it, or a source created in it. */
    public void exists(String name) {
        if (known.size() >= REMEMBERED) {
            known.clear();
        }
        known.add(name);
    }

    /** Completes once {@code name} exists: at once when known, else after one scoped-token call (get-or-create). */
    public Uni<Void> ensure(String name) {
        return known.contains(name) ? Uni.createFrom().voidItem() : provision(name);
    }

    /**
     * Gets or creates {@code name} in Airbyte, whatever this instance remembers (it may have been deleted since). The call
     * is charged to the global write limit: the create that needs it was charged once, and Airbyte counts both.
     */
    public Uni<Void> provision(String name) {
        return limits.acquireGlobal(Budget.WRITE)
                .chain(() -> operatorTokens.withToken(token -> airbyte.createScopedToken(token, new ScopedTokenRequest(name))))
                .invoke(ignored -> exists(name)).replaceWithVoid();
    }
}
