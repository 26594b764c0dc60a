package io.embedded.gateway.idempotency;

/**
 * A request sent with an {@code Idempotency-Key} (draft-ietf-httpapi-idempotency-key-header): the key, and a digest of
 * what the request asks for, so that the same key with another body is recognised.
 *
 * @param key the key as the client sent it, unquoted
 * @param fingerprint a digest of the request's method, path and body (keyed when kept in Redis)
 */
public record IdempotentRequest(String key, String fingerprint) {

    /** The request header that carries the key. */
    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_KEY_LENGTH = 255;

    /**
     * The request for an {@code Idempotency-Key} header value, or null when there is none. The draft makes the value a
     * structured-field string ({@code "..."}); the bare form many clients send is accepted too.
     *
     * @throws InvalidIdempotencyKeyException when the key is empty, too long or not visible ASCII
     */
    static IdempotentRequest of(String header, String fingerprint) {
        if (header == null) {
            return null;
        }
        String key = header.strip();
        if (key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1);
        }
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidIdempotencyKeyException();
        }
        return new IdempotentRequest(key, fingerprint);
    }
}
