package io.embedded.gateway.widget;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.embedded.gateway.client.AirbyteApiClient;
import io.embedded.gateway.client.AirbyteException;
import io.embedded.gateway.client.WidgetTokenRequest;
import io.embedded.gateway.identity.CallerIdentity;
import io.embedded.gateway.origin.FrontendOrigin;
import io.embedded.gateway.origin.GatewayConfig;
import io.embedded.gateway.origin.TemplateFilter;
import io.embedded.gateway.origin.TemplateFilters;
import io.embedded.gateway.sources.Workspaces;
import io.embedded.gateway.token.OperatorTokenService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/** Mints a widget token for one caller's workspace, bound to the frontend origin the caller came from. */
@ApplicationScoped
public class WidgetTokenService {

    private final OperatorTokenService operatorTokens;
    private final AirbyteApiClient airbyte;
    private final GatewayConfig.Widget widget;
    private final WidgetTokenDecoder decoder;
    private final Clock clock;
    private final MeterRegistry registry;

    private final TemplateFilters templateFilters;
    private final Workspaces workspaces;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    WidgetTokenService(OperatorTokenService operatorTokens, AirbyteApiClient airbyte, GatewayConfig config, ObjectMapper json,
            Clock clock, MeterRegistry registry, TemplateFilters templateFilters, Workspaces workspaces) {
        this.templateFilters = templateFilters;
        this.workspaces = workspaces;
        this.registry = registry;
        this.operatorTokens = operatorTokens;
        this.airbyte = airbyte;
        this.widget = config.widget();
        this.decoder = new WidgetTokenDecoder(json, widget.fallbackLifetime());
        this.clock = clock;
    }

    /** Asks Airbyte for a widget token whose {@code allowed_origin} is exactly {@code origin}. */
    public Uni<WidgetToken> mint(CallerIdentity caller, FrontendOrigin origin) {
        // The frontend's own template filter, so the widget offers what GET /api/airbyte/source-templates lists.
        TemplateFilter sources = templateFilters.forFrontend(origin);
        var request = new WidgetTokenRequest(caller.workspaceName(), origin.value(),
                sources.restricts() ? sources.tags() : null,
                sources.restricts() ? sources.mode() : null,
                widget.connectionTemplateTags().orElse(null),
                widget.connectionTemplateTags().isPresent() ? widget.connectionTemplateTagsMode() : null);
        // One stage per step that needs its own: each callback on the path is wrapped to carry the request's context.
        return operatorTokens.withToken(token -> airbyte.createWidgetToken(token, request))
                .map(token -> minted(caller, origin, token))
                .onItemOrFailure().invoke((minted, failure) -> count(origin, failure));
    }

    /** Airbyte's token decoded, its workspace remembered as existing. */
    private WidgetToken minted(CallerIdentity caller, FrontendOrigin origin, String token) {
        WidgetToken minted = decoder.decode(token, clock.instant());
        // Airbyte got or created the workspace to mint it: a later source create need not provision it.
        workspaces.exists(caller.workspaceName(), minted.workspaceId());
        Log.debugf("Minted a widget token for workspace %s, origin %s, expiring %s", minted.workspaceId(), origin.value(),
                minted.expiresAt());
        return minted;
    }

    private void count(FrontendOrigin origin, Throwable failure) {
        String outcome = failure == null ? "minted"
                : failure instanceof AirbyteException upstream ? upstream.reason().name().toLowerCase(Locale.ROOT) : "failed";
        // Origins come from configuration and outcomes from an enum, so the map and the tag values are bounded.
        counters.computeIfAbsent(origin.value() + ' ' + outcome,
                key -> Counter.builder("gateway.widget.tokens")
                        .description("Widget token requests by frontend origin and outcome")
                        .tag("origin", origin.value()).tag("outcome", outcome).register(registry))
                .increment();
    }
}
