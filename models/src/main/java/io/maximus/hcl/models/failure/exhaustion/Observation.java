package io.maximus.hcl.models.failure.exhaustion;

/**
 * One value of a metric that has a known ceiling, as read from one snapshot.
 *
 * @param metric the metric name (for a pair, the "used" metric)
 * @param value the value
 * @param ceiling the level at which the resource is exhausted, in the metric's unit
 */
public record Observation(String metric, double value, double ceiling) {}
