package io.embedded.gateway.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.embedded.gateway.client.TagMode;

/** Per-frontend template filters: Airbyte's any/all rules, the global fallback, and startup validation of the keys. */
class TemplateFiltersTest {

    private static final String APP = "https://app.partner.com";
    private static final String CRM = "https://crm.partner.com";

    @Test
    void shouldMatchAnyOrAllTags() {
        var any = new TemplateFilter(List.of("crm", "pro"), TagMode.ANY);
        var all = new TemplateFilter(List.of("crm", "pro"), TagMode.ALL);

        assertThat(any.allows(Set.of("crm"))).isTrue();
        assertThat(any.allows(Set.of("database"))).isFalse();
        assertThat(all.allows(Set.of("crm", "pro", "x"))).isTrue();
        assertThat(all.allows(Set.of("crm"))).isFalse();
        assertThat(new TemplateFilter(List.of(), TagMode.ALL).allows(Set.of())).isTrue();
    }

    @Test
    void shouldUseTheFrontendsEntryElseTheGlobalTags() {
        var filters = filters(config(List.of(APP, CRM), Optional.of(List.of("pro")),
                Map.of(CRM, frontend(Optional.of(List.of("crm", "database")), Optional.of(TagMode.ALL)))));

        assertThat(filters.forFrontend(new FrontendOrigin(APP))).isEqualTo(new TemplateFilter(List.of("pro"), TagMode.ANY));
        assertThat(filters.forFrontend(new FrontendOrigin(CRM)))
                .isEqualTo(new TemplateFilter(List.of("crm", "database"), TagMode.ALL));
    }

    @Test
    void shouldRefuseEntriesForOriginsThatAreNotAllowed() {
        assertThatThrownBy(() -> filters(config(List.of(APP), Optional.empty(),
                Map.of("https://other.partner.com", frontend(Optional.of(List.of("crm")), Optional.empty())))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("gateway.frontends")
                .hasMessageContaining("https://other.partner.com");
    }

    private record Config(List<String> origins, GatewayConfig.Widget widget, Map<String, GatewayConfig.Frontend> frontends) {
    }

    private static TemplateFilters filters(Config config) {
        return new TemplateFilters(config.origins(), config.widget(), config.frontends());
    }

    private static GatewayConfig.Frontend frontend(Optional<List<String>> tags, Optional<TagMode> mode) {
        return new GatewayConfig.Frontend() {
            @Override
            public Optional<List<String>> sourceTemplateTags() {
                return tags;
            }

            @Override
            public Optional<TagMode> sourceTemplateTagsMode() {
                return mode;
            }
        };
    }

    private static Config config(List<String> origins, Optional<List<String>> globalTags,
            Map<String, GatewayConfig.Frontend> frontends) {
        GatewayConfig.Widget widget = new GatewayConfig.Widget() {
            @Override
            public Optional<List<String>> sourceTemplateTags() {
                return globalTags;
            }

            @Override
            public TagMode sourceTemplateTagsMode() {
                return TagMode.ANY;
            }

            @Override
            public Optional<List<String>> connectionTemplateTags() {
                return Optional.empty();
            }

            @Override
            public TagMode connectionTemplateTagsMode() {
                return TagMode.ANY;
            }

            @Override
            public Duration fallbackLifetime() {
                return Duration.ofMinutes(20);
            }
        };
        return new Config(origins, widget, frontends);
    }

    @Test
    void shouldRestrictOnlyWhenItNamesTags() {
        assertThat(new TemplateFilter(List.of(), TagMode.ALL).restricts()).isFalse();
        assertThat(new TemplateFilter(List.of("crm"), TagMode.ANY).restricts()).isTrue();
    }
}
