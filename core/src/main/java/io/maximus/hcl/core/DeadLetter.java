package io.maximus.hcl.core;

/**
 * A telemetry record that could not be used, as written to {@code system.telemetry.dlq}.
 *
 * @param raw the record exactly as received
 * @param reason why it was rejected, in words
 * @param receivedAt processing time at rejection, epoch milliseconds
 */
public record DeadLetter(String raw, String reason, long receivedAt) {}
