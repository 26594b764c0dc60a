package io.embedded.gateway.client;

/** A body the gateway sends to Airbyte; {@link RequestBodyWriter} writes it. */
sealed interface AirbyteRequestBody permits OperatorTokenRequest, WidgetTokenRequest, ScopedTokenRequest, CreateSourceRequest {
}
