package io.embedded.gateway.idempotency;

/**
 * What the gateway answered to the first request with a key, replayed to its repeats: status, content type and body
 * (headers such as {@code Retry-After} only come with answers that are never stored).
 */
public record StoredAnswer(int status, String contentType, byte[] body) {
}
