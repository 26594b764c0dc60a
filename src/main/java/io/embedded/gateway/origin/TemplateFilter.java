package io.embedded.gateway.origin;

import java.util.List;
import java.util.Set;

import io.embedded.gateway.client.TagMode;

/**
 * Which source templates a frontend may offer: those carrying any or all of {@code tags}; every template when
 * {@code tags} is empty. A value type, so it doubles as the cache key of the template list.
 */
public record TemplateFilter(List<String> tags, TagMode mode) {

    public TemplateFilter {
        tags = List.copyOf(tags);
    }

    /** Whether this filter restricts anything. */
    public boolean restricts() {
        return !tags.isEmpty();
    }

    /** Whether a template with {@code templateTags} passes, by Airbyte's rules for {@code tags_mode}. */
    public boolean allows(Set<String> templateTags) {
        if (!restricts()) {
            return true;
        }
        return mode == TagMode.ALL ? templateTags.containsAll(tags) : tags.stream().anyMatch(templateTags::contains);
    }
}
