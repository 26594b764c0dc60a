package io.embedded.gateway.idempotency;

/** A repeat of a finished request: answered with what the first one got, without running it again. */
public final class ReplayedAnswerException extends RuntimeException {

    private final StoredAnswer answer;

    ReplayedAnswerException(StoredAnswer answer) {
        super("replayed answer", null, false, false);
        this.answer = answer;
    }

    public StoredAnswer answer() {
        return answer;
    }
}
