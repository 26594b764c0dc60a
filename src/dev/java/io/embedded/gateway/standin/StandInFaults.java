package io.embedded.gateway.standin;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The injected faults, newest first: when several catch a request, the last one injected answers it. */
final class StandInFaults {

    private final List<StandInFault> newestFirst = new CopyOnWriteArrayList<>();

    void add(StandInFault fault) {
        newestFirst.add(0, fault);
    }

    void remove(StandInFault fault) {
        newestFirst.remove(fault);
    }

    void clear() {
        newestFirst.clear();
    }

    /** The fault that catches {@code request}, or null when the contract answers it. */
    StandInFault catching(StandInRequest request) {
        for (StandInFault fault : newestFirst) {
            if (fault.catches(request)) {
                return fault;
            }
        }
        return null;
    }
}
