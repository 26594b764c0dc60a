package io.embedded.gateway.origin;

/** A frontend origin from the configured allow-list, exactly as configured; sent upstream as {@code allowed_origin}. */
public record FrontendOrigin(String value) {
}
