package io.embedded.gateway.identity;

/**
 * Who is asking, as the gateway established it: the user, the optional tenant (partner organisation) and the workspace
 * they map to. Never built from unverified input except in {@link IdentityMode#BODY} mode.
 *
 * @param userId the user id (JWT user claim, proxy header or body {@code userId})
 * @param tenant the tenant id, or null when the mode or configuration has none
 * @param workspaceName the Airbyte workspace name, from {@code gateway.identity.workspace-template}
 * @param mode how the identity was established
 */
public record CallerIdentity(String userId, String tenant, String workspaceName, IdentityMode mode) {

    /**
     * A stable key for this identity, for rate limiting and (hashed) audit: the mode, tenant and user, each
     * length-prefixed so that no two identities share a key.
     */
    public String key() {
        String tenantPart = tenant == null ? "" : tenant;
        return mode.name() + ':' + tenantPart.length() + ':' + tenantPart + ':' + userId;
    }

    /** The mode only: user, tenant and workspace name identify a person and are never logged. */
    @Override
    public String toString() {
        return "CallerIdentity[mode=" + mode + ", user, tenant and workspace redacted]";
    }
}
