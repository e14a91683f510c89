package io.maximus.hcl.core;

/** The three operational modes the plan stage chooses between. */
public enum OperationalMode {
    HIGH_PERFORMANCE,
    BALANCED,
    ENERGY_EFFICIENT
}
