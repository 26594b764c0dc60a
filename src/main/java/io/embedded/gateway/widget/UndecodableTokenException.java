package io.embedded.gateway.widget;

/** Airbyte returned a widget token the widget could not open; reported as an upstream error, never as a 200. */
public final class UndecodableTokenException extends RuntimeException {

    public UndecodableTokenException(String problem) {
        super(problem);
    }
}
