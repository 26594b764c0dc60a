package io.embedded.gateway.idempotency;

import java.util.Base64;

/**
 * One record in the store, as text, led by the token of the request that took the key (so only that request can move
 * it on): {@code claimed} (taken, not started), {@code running} (the create started at {@code since}), {@code done}
 * with the answer, or {@code unknown} (it ended in a way that may or may not have created something). Plain lines,
 * since tokens, fingerprints, statuses, media types and base64 hold no line breaks.
 *
 * @param since epoch milliseconds when the record entered its state
 */
record IdempotencyRecord(String token, State state, String fingerprint, long since, StoredAnswer answer) {

    /** Where the request that took the key is. */
    enum State {
        CLAIMED,
        RUNNING,
        DONE,
        UNKNOWN
    }

    static IdempotencyRecord claimed(String token, String fingerprint, long now) {
        return new IdempotencyRecord(token, State.CLAIMED, fingerprint, now, null);
    }

    IdempotencyRecord running(long now) {
        return new IdempotencyRecord(token, State.RUNNING, fingerprint, now, null);
    }

    IdempotencyRecord done(StoredAnswer answer, long now) {
        return new IdempotencyRecord(token, State.DONE, fingerprint, now, answer);
    }

    IdempotencyRecord unknown(long now) {
        return new IdempotencyRecord(token, State.UNKNOWN, fingerprint, now, null);
    }

    String encode() {
        String head = token + '\n' + state.name() + '\n' + fingerprint + '\n' + since;
        if (answer == null) {
            return head;
        }
        return head + '\n' + answer.status() + '\n' + answer.contentType() + '\n'
                + Base64.getEncoder().encodeToString(answer.body());
    }

    static IdempotencyRecord decode(String text) {
        String[] lines = text.split("\n", -1);
        State state = State.valueOf(lines[1]);
        StoredAnswer answer = state == State.DONE
                ? new StoredAnswer(Integer.parseInt(lines[4]), lines[5], Base64.getDecoder().decode(lines[6]))
                : null;
        return new IdempotencyRecord(lines[0], state, lines[2], Long.parseLong(lines[3]), answer);
    }
}
