package io.embedded.gateway.identity;

/** Who is asking, reduced to what Airbyte needs: the name of the caller's workspace. */
public record CallerIdentity(String userId, String workspaceName) {
}
