package io.embedded.gateway.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code POST /api/airbyte/scoped-token}. */
@RegisterForReflection
@Schema(name = "ScopedTokenRequest")
public record ScopedTokenRequestBody(
        @UserId String userId) {
}
