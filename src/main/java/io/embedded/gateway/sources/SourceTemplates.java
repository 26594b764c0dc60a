package io.embedded.gateway.sources;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.embedded.gateway.client.AirbyteApiClient;
import io.embedded.gateway.client.AirbyteException;
import io.embedded.gateway.origin.FrontendOrigin;
import io.embedded.gateway.origin.TemplateFilter;
import io.embedded.gateway.origin.TemplateFilters;
import io.embedded.gateway.token.OperatorTokenService;
import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;

/**
 * The source templates a frontend may offer, filtered by that frontend's tags. Lists are cached briefly per tag set
 * (cache {@value #CACHE}), single templates per id; one outside the frontend's filter is reported exactly like an
 * unknown one.
 */
@ApplicationScoped
public class SourceTemplates {

    static final String CACHE = "source-templates";
    static final String SINGLE_CACHE = "source-template";

    /** Airbyte's template ids are UUIDs; anything else cannot exist and is never put into an upstream URL. */
    private static final Pattern TEMPLATE_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final OperatorTokenService operatorTokens;
    private final AirbyteApiClient airbyte;
    private final TemplateFilters filters;

    SourceTemplates(OperatorTokenService operatorTokens, AirbyteApiClient airbyte, TemplateFilters filters) {
        this.operatorTokens = operatorTokens;
        this.airbyte = airbyte;
        this.filters = filters;
    }

    /** The templates {@code origin}'s frontend may offer. */
    public Uni<List<SourceTemplate>> list(FrontendOrigin origin) {
        return list(filters.forFrontend(origin));
    }

    /** The templates passing {@code filter}; cached per filter, failures never cached. */
    @CacheResult(cacheName = CACHE)
    Uni<List<SourceTemplate>> list(TemplateFilter filter) {
        return operatorTokens.withToken(token -> airbyte.listSourceTemplates(token, filter.tags(), filter.mode()))
                .map(data -> {
                    List<SourceTemplate> templates = new ArrayList<>();
                    for (JsonNode item : data) {
                        SourceTemplate template = SourceTemplate.from(item);
                        // Airbyte filters already; checking again keeps a lax upstream from widening what we offer.
                        if (template.id() != null && filter.allows(template.tags())) {
                            templates.add(template);
                        }
                    }
                    return List.copyOf(templates);
                });
    }

    /** One template, if it exists and {@code origin}'s frontend may offer it; else {@link TemplateNotFoundException}. */
    public Uni<SourceTemplate> get(FrontendOrigin origin, String templateId) {
        if (templateId == null || !TEMPLATE_ID.matcher(templateId).matches()) {
            return Uni.createFrom().failure(new TemplateNotFoundException());
        }
        TemplateFilter filter = filters.forFrontend(origin);
        return fetch(templateId).invoke(template -> {
            if (!filter.allows(template.tags())) {
                throw new TemplateNotFoundException();
            }
        });
    }

    /**
     * One template by id, cached briefly (cache {@value #SINGLE_CACHE}): describing a template and validating a
     * configuration against it before a create would otherwise each cost an Airbyte call. Failures, unknown ids
     * included, are never cached.
     */
    @CacheResult(cacheName = SINGLE_CACHE)
    Uni<SourceTemplate> fetch(String templateId) {
        return operatorTokens.withToken(token -> airbyte.getSourceTemplate(token, templateId))
                .onFailure(SourceTemplates::isNotFound).transform(notFound -> new TemplateNotFoundException())
                .map(SourceTemplate::from);
    }

    private static boolean isNotFound(Throwable failure) {
        // FastAPI answers 422 for an id that is not a UUID; to the caller that is the same unknown template.
        return failure instanceof AirbyteException upstream && upstream.reason() == AirbyteException.Reason.REQUEST_REJECTED
                && (upstream.status() == 404 || upstream.status() == 422);
    }
}
