package io.embedded.gateway.events;

/** {@code gateway.events.webhook-url} is not set, so the events endpoint does not exist. */
public final class EventsDisabledException extends RuntimeException {

    public EventsDisabledException() {
        super("Source events are off (gateway.events.webhook-url is not set)", null, false, false);
    }
}
