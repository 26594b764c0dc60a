package io.embedded.gateway.sources;

import java.util.List;

/** A source configuration does not satisfy its template's specification; nothing was sent to Airbyte. */
public final class ConfigurationInvalidException extends RuntimeException {

    private final transient List<FieldProblem> problems;

    public ConfigurationInvalidException(List<FieldProblem> problems) {
        super("Source configuration is invalid", null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
