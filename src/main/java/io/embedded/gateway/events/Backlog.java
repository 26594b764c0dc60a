package io.embedded.gateway.events;

/** Events not yet delivered nor given up on (the fleet's, with Redis), and when the oldest of them was stored. */
record Backlog(long pending, long oldestCreatedMillis) {

    static final Backlog EMPTY = new Backlog(0, 0);
}
