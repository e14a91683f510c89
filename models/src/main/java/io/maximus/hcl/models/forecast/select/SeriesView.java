package io.maximus.hcl.models.forecast.select;

/** Read access to a series of fixed steps by step index; {@code NaN} where a step has no value or is not held. */
@FunctionalInterface
public interface SeriesView {

    /** The value at {@code step}, or NaN. */
    double at(long step);
}
