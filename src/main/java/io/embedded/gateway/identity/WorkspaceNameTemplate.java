package io.embedded.gateway.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Turns a verified identity into the Airbyte workspace name, from {@code gateway.identity.workspace-template}. The same
 * identity always gives the same name, and two different identities never give the same name: placeholders must be
 * separated by literal text (so {@code {tenant}{user}} is refused: tenant {@code ab} + user {@code c} and tenant
 * {@code a} + user {@code bc} would both read {@code abc}), and when a template holds more than one placeholder their
 * values may not contain the template's literal characters (so {@code {tenant}:{user}} cannot be confused by a tenant
 * id containing {@code :}). Together these make the name split back into its values in exactly one way.
 */
public final class WorkspaceNameTemplate {

    /** Longest workspace name we send. */
    public static final int MAX_LENGTH = 128;
    /** Characters allowed in names and in identity values: letters, digits and {@code . _ @ + : | -}. */
    static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{N}._@+:|-]+");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

    private final List<Part> parts;
    private final String literals;
    private final boolean usesTenant;
    private final boolean ambiguous;

    private WorkspaceNameTemplate(List<Part> parts) {
        this.parts = List.copyOf(parts);
        StringBuilder literalText = new StringBuilder();
        int placeholders = 0;
        boolean tenant = false;
        for (Part part : parts) {
            if (part.placeholder()) {
                placeholders++;
                tenant |= "tenant".equals(part.text());
            } else {
                literalText.append(part.text());
            }
        }
        this.literals = literalText.toString();
        this.usesTenant = tenant;
        this.ambiguous = placeholders > 1;
    }

    /** Parses and validates a template; a {@link ConfigurationException} names what is wrong. */
    public static WorkspaceNameTemplate parse(String template) {
        List<Part> parts = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        int last = 0;
        boolean hasPlaceholder = false;
        while (matcher.find()) {
            literal(template.substring(last, matcher.start()), parts);
            String name = matcher.group(1);
            if (!"user".equals(name) && !"tenant".equals(name)) {
                throw invalid("may only use the placeholders {user} and {tenant}");
            }
            if (!parts.isEmpty() && parts.get(parts.size() - 1).placeholder()) {
                throw invalid("must separate its placeholders with literal text, e.g. {tenant}:{user}: adjacent ones"
                        + " would give different identities one workspace");
            }
            parts.add(new Part(name, true));
            hasPlaceholder = true;
            last = matcher.end();
        }
        literal(template.substring(last), parts);
        if (!hasPlaceholder) {
            throw invalid("must contain {user} or {tenant}, or every caller would share one workspace");
        }
        return new WorkspaceNameTemplate(parts);
    }

    /** Whether the template needs a tenant. */
    public boolean usesTenant() {
        return usesTenant;
    }

    /**
     * The workspace name for this identity, or empty when the values cannot be used: missing, with characters outside
     * {@link #ALLOWED}, containing a literal character of a template with two placeholders, or too long.
     */
    public Optional<String> apply(String user, String tenant) {
        StringBuilder name = new StringBuilder();
        for (Part part : parts) {
            if (!part.placeholder()) {
                name.append(part.text());
                continue;
            }
            String value = "user".equals(part.text()) ? user : tenant;
            if (value == null || !ALLOWED.matcher(value).matches() || (ambiguous && containsAny(value, literals))) {
                return Optional.empty();
            }
            name.append(value);
        }
        return name.length() <= MAX_LENGTH ? Optional.of(name.toString()) : Optional.empty();
    }

    private static boolean containsAny(String value, String characters) {
        return characters.chars().anyMatch(c -> value.indexOf(c) >= 0);
    }

    private static void literal(String text, List<Part> parts) {
        if (text.isEmpty()) {
            return;
        }
        if (!ALLOWED.matcher(text).matches()) {
            throw invalid("may only contain letters, digits, . _ @ + : | - and placeholders");
        }
        parts.add(new Part(text, false));
    }

    private static ConfigurationException invalid(String why) {
        return new ConfigurationException("gateway.identity.workspace-template " + why);
    }

    private record Part(String text, boolean placeholder) {
    }
}
