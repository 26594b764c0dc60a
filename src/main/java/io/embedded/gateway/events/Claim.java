package io.embedded.gateway.events;

/**
 * One attempt of one delivery, claimed by this instance until {@code leaseUntilMillis}: no other instance runs it
 * before then. {@code attempt} counts from 1; {@code lease} is the token that settles it.
 */
record Claim(StoredEvent event, int attempt, String lease) {
}
