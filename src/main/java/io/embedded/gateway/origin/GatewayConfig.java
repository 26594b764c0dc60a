package io.embedded.gateway.origin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.constraints.NotEmpty;

import io.embedded.gateway.client.TagMode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Browser-facing settings of the gateway: which frontends may call it and what their widgets may offer. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /**
     * Origins of the partner frontends ({@code scheme://host[:port]}). The one list behind both the CORS allow-list
     * and the {@code allowed_origin} sent to Airbyte.
     */
    @NotEmpty
    List<@ValidOrigin String> allowedOrigins();

    /** Origin used for callers that send no {@code Origin} header (server-side callers); the first allowed origin if unset. */
    Optional<@ValidOrigin String> defaultOrigin();

    /**
     * This gateway's own public origin, as browsers reach it (e.g. {@code https://gateway.partner.com}), for Swagger UI's
     * "Try it out": requests from it are treated like callers without {@code Origin}. Unset, no request counts as
     * same-origin; it is never derived from the request's {@code Host}, which any caller can set.
     */
    Optional<@ValidOrigin String> publicOrigin();

    /** What the widget offers and how long its token is assumed to live. */
    Widget widget();

    /**
     * Settings per frontend, keyed by its origin exactly as in {@link #allowedOrigins()}, e.g.
     * {@code gateway.frontends."https://app.partner.com".source-template-tags}. A frontend without an entry uses the
     * {@link #widget()} settings. Every key must be an allowed origin (checked at startup).
     */
    Map<String, Frontend> frontends();

    /** Per-frontend overrides of the source-template filter. */
    interface Frontend {

        /** Source-template tags this frontend offers, in the widget and in {@code GET /api/airbyte/source-templates}. */
        Optional<List<String>> sourceTemplateTags();

        /** How {@link #sourceTemplateTags()} combine; {@code gateway.widget.source-template-tags-mode} when unset. */
        Optional<TagMode> sourceTemplateTagsMode();
    }

    /** Widget token settings. */
    interface Widget {

        /** Source-template tags the widget shows; empty shows every template. */
        Optional<List<String>> sourceTemplateTags();

        /** How {@link #sourceTemplateTags()} combine: {@code any} or {@code all}. */
        @WithDefault("any")
        TagMode sourceTemplateTagsMode();

        /** Connection-template tags applied to sources the widget creates; empty applies Airbyte's default. */
        Optional<List<String>> connectionTemplateTags();

        /** How {@link #connectionTemplateTags()} combine: {@code any} or {@code all}. */
        @WithDefault("any")
        TagMode connectionTemplateTagsMode();

        /** Assumed lifetime of a widget token whose inner JWT carries no {@code exp}; Airbyte documents 20 minutes. */
        @WithDefault("20m")
        Duration fallbackLifetime();
    }
}
