package io.embedded.gateway.origin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.Startup;

/**
 * The source-template filter of each frontend: its {@code gateway.frontends."<origin>"} entry, else the global
 * {@code gateway.widget} tags. The widget token and the template endpoints read it from here, so a frontend offers the
 * same templates either way. Refuses to start when an entry names an origin that is not allowed.
 */
@Startup
@ApplicationScoped
public class TemplateFilters {

    private final TemplateFilter global;
    private final Map<String, TemplateFilter> perFrontend;

    @Inject
    TemplateFilters(GatewayConfig config) {
        this(config.allowedOrigins(), config.widget(), config.frontends());
    }

    TemplateFilters(List<String> allowedOrigins, GatewayConfig.Widget widget, Map<String, GatewayConfig.Frontend> frontends) {
        List<String> unknown = unknownFrontends(frontends.keySet(), allowedOrigins);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(
                    "gateway.frontends has entries for origins that are not in gateway.allowed-origins: " + unknown);
        }
        this.global = new TemplateFilter(widget.sourceTemplateTags().orElse(List.of()), widget.sourceTemplateTagsMode());
        Map<String, TemplateFilter> filters = new java.util.HashMap<>();
        frontends.forEach((origin, frontend) -> filters.put(origin,
                new TemplateFilter(frontend.sourceTemplateTags().orElse(global.tags()),
                        frontend.sourceTemplateTagsMode().orElse(widget.sourceTemplateTagsMode()))));
        this.perFrontend = Map.copyOf(filters);
    }

    /** The filter for a resolved frontend origin. */
    public TemplateFilter forFrontend(FrontendOrigin origin) {
        return perFrontend.getOrDefault(origin.value(), global);
    }

    /** Keys of {@code frontends} that are not allowed origins, sorted. */
    static List<String> unknownFrontends(Iterable<String> frontends, List<String> allowedOrigins) {
        List<String> unknown = new ArrayList<>();
        for (String origin : frontends) {
            if (!allowedOrigins.contains(origin)) {
                unknown.add(origin);
            }
        }
        unknown.sort(null);
        return unknown;
    }
}
