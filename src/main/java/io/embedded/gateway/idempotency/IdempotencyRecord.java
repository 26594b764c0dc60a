package io.embedded.gateway.idempotency;

import java.util.Base64;

/**
 * One record in the store, as text: {@code in-progress} with the request's fingerprint, or {@code done} with the
 * fingerprint and the answer. Plain lines, since fingerprints, statuses, media types and base64 hold no line breaks.
 */
record IdempotencyRecord(String fingerprint, StoredAnswer answer) {

    private static final String IN_PROGRESS = "in-progress";
    private static final String DONE = "done";

    static IdempotencyRecord inProgress(String fingerprint) {
        return new IdempotencyRecord(fingerprint, null);
    }

    boolean isDone() {
        return answer != null;
    }

    String encode() {
        if (answer == null) {
            return IN_PROGRESS + '\n' + fingerprint;
        }
        return DONE + '\n' + fingerprint + '\n' + answer.status() + '\n' + answer.contentType() + '\n'
                + Base64.getEncoder().encodeToString(answer.body());
    }

    static IdempotencyRecord decode(String text) {
        String[] lines = text.split("\n", -1);
        if (lines[0].equals(IN_PROGRESS)) {
            return inProgress(lines[1]);
        }
        return new IdempotencyRecord(lines[1],
                new StoredAnswer(Integer.parseInt(lines[2]), lines[3], Base64.getDecoder().decode(lines[4])));
    }
}
