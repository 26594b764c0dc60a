package io.embedded.gateway.identity;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The single place that decides who the caller is and which workspace is theirs. Today the identity comes from the
 * request body, which suits trusted callers only; authenticated modes replace this one bean.
 */
@ApplicationScoped
public class CallerIdentityResolver {

    /** Resolves the caller from the user id in the request body (already validated by the resource). */
    public CallerIdentity fromBody(String userId) {
        // One workspace per user: Airbyte gets-or-creates the workspace by this name.
        return new CallerIdentity(userId, userId);
    }
}
