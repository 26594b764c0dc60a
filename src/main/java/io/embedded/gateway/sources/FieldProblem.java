package io.embedded.gateway.sources;

/** One problem with a submitted field: a JSON pointer into the request body and what is wrong; never the value. */
public record FieldProblem(String pointer, String detail) {
}
