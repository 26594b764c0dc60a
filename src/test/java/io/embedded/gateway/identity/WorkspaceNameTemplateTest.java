package io.embedded.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.runtime.configuration.ConfigurationException;

/** Workspace names from identities: stable, validated, never shared by two identities. */
class WorkspaceNameTemplateTest {

    @Test
    void shouldNameOneWorkspacePerUserByDefault() {
        var template = WorkspaceNameTemplate.parse("{user}");

        assertThat(template.apply("auth0|123", null)).contains("auth0|123");
        assertThat(template.apply("auth0|123", "acme")).contains("auth0|123");
        assertThat(template.usesTenant()).isFalse();
    }

    @Test
    void shouldKeepTheTextAfterTheLastPlaceholder() {
        assertThat(WorkspaceNameTemplate.parse("{user}-sandbox").apply("alice", null)).contains("alice-sandbox");
    }

    @Test
    void shouldShareOneWorkspacePerTenant() {
        var template = WorkspaceNameTemplate.parse("acme-{tenant}");

        assertThat(template.apply("alice", "org-1")).contains("acme-org-1");
        assertThat(template.apply("bob", "org-1")).isEqualTo(template.apply("alice", "org-1"));
        assertThat(template.apply("alice", null)).isEmpty();
        assertThat(template.usesTenant()).isTrue();
    }

    @Test
    void shouldKeepCombinedNamesUnambiguous() {
        var template = WorkspaceNameTemplate.parse("{tenant}:{user}");

        assertThat(template.apply("alice", "org-1")).contains("org-1:alice");
        // "a:b" + "c" and "a" + "b:c" would both read a:b:c.
        assertThat(template.apply("c", "a:b")).isEmpty();
        assertThat(template.apply("b:c", "a")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "{tenant}{user}", "{user}{tenant}", "acme-{tenant}{user}", "{user}{user}",
            "x{tenant}{user}:y" })
    void shouldRefuseAdjacentPlaceholders(String template) {
        // {tenant}{user} would name tenant "ab" + user "c" and tenant "a" + user "bc" alike: abc.
        assertThatThrownBy(() -> WorkspaceNameTemplate.parse(template)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("gateway.identity.workspace-template");
    }

    @ParameterizedTest
    @ValueSource(strings = { "{tenant}:{user}", "{user}-{tenant}", "acme-{tenant}.{user}", "{tenant}x{user}",
            "p{tenant}:{user}s", "{tenant}:{user}:{tenant}" })
    void shouldNeverGiveTwoIdentitiesOneWorkspace(String text) {
        var template = WorkspaceNameTemplate.parse(text);
        // Every user and tenant of one to three characters over letters and the separators templates use.
        List<String> values = new ArrayList<>();
        String alphabet = "ab:-.x|";
        for (int length = 1; length <= 3; length++) {
            combinations(alphabet, "", length, values);
        }
        Map<String, String> seen = new HashMap<>();
        for (String tenant : values) {
            for (String user : values) {
                String identity = tenant + " / " + user;
                template.apply(user, tenant).ifPresent(name -> {
                    String earlier = seen.putIfAbsent(name, identity);
                    assertThat(earlier).as("%s and %s both name %s", earlier, identity, name).isNull();
                });
            }
        }
        assertThat(seen).as("names produced").hasSizeGreaterThan(100);
    }

    private static void combinations(String alphabet, String prefix, int length, List<String> into) {
        if (prefix.length() == length) {
            into.add(prefix);
            return;
        }
        for (char c : alphabet.toCharArray()) {
            combinations(alphabet, prefix + c, length, into);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "alice smith", "a/b", "a\nb", "../x", "a,b", "ü\u0000" })
    void shouldRefuseValuesThatCannotNameAWorkspace(String user) {
        assertThat(WorkspaceNameTemplate.parse("{user}").apply(user, null)).isEmpty();
    }

    @Test
    void shouldRefuseNamesLongerThanTheLimit() {
        var template = WorkspaceNameTemplate.parse("partner-{user}");

        assertThat(template.apply("u".repeat(120), null)).contains("partner-" + "u".repeat(120));
        assertThat(template.apply("u".repeat(121), null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "acme", "", "{sub}", "{user", "acme {user}", "{user}/{tenant}", "{USER}" })
    void shouldRefuseInvalidTemplatesNamingTheProperty(String template) {
        assertThatThrownBy(() -> WorkspaceNameTemplate.parse(template)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("gateway.identity.workspace-template");
    }
}
