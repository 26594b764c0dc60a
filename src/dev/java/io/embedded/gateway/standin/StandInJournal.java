package io.embedded.gateway.standin;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every request the stand-in received since the last clear, oldest first, as tests count and inspect upstream calls. */
final class StandInJournal {

    private final boolean kept;
    private final Queue<StandInRequest> requests = new ConcurrentLinkedQueue<>();

    StandInJournal(boolean kept) {
        this.kept = kept;
    }

    void record(StandInRequest request) {
        if (kept) {
            requests.add(request);
        }
    }

    List<StandInRequest> all() {
        if (!kept) {
            throw new IllegalStateException("this stand-in keeps no journal (StandInOptions.withoutJournal)");
        }
        return List.copyOf(requests);
    }

    void clear() {
        requests.clear();
    }
}
