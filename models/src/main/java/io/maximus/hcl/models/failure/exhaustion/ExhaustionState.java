package io.maximus.hcl.models.failure.exhaustion;

import java.util.Arrays;

/**
 * The history of one key and metric: per-minute minimum and maximum in two ring buffers, plus the warning's
 * hysteresis counters. A Flink POJO (public no-arg constructor, getters and setters, primitive arrays only), so an
 * operator can keep it in keyed state as it is.
 */
public class ExhaustionState {

    /** Marks a state that has seen no value yet. */
    public static final long EMPTY = Long.MIN_VALUE;

    private double[] minuteMin = new double[0];
    private double[] minuteMax = new double[0];
    private long newestMinute = EMPTY;
    private double lastValue = Double.NaN;
    private double ceiling = Double.NaN;
    private int confirmations;
    private int misses;
    private boolean warning;
    private long ignored;

    /** For Flink's POJO serializer; use {@link #ofCapacity(int)}. */
    public ExhaustionState() {}

    /** An empty state holding {@code minutes} one-minute points. */
    public static ExhaustionState ofCapacity(int minutes) {
        ExhaustionState s = new ExhaustionState();
        s.minuteMin = new double[minutes];
        s.minuteMax = new double[minutes];
        Arrays.fill(s.minuteMin, Double.NaN);
        Arrays.fill(s.minuteMax, Double.NaN);
        return s;
    }

    /** A deep copy (what a checkpoint and restore amount to). */
    public ExhaustionState copy() {
        ExhaustionState c = new ExhaustionState();
        c.setMinuteMin(minuteMin.clone());
        c.setMinuteMax(minuteMax.clone());
        c.setNewestMinute(newestMinute);
        c.setLastValue(lastValue);
        c.setCeiling(ceiling);
        c.setConfirmations(confirmations);
        c.setMisses(misses);
        c.setWarning(warning);
        c.setIgnored(ignored);
        return c;
    }

    /** Per-minute minima, indexed by epoch minute modulo the capacity; NaN where the minute had no value. */
    public double[] getMinuteMin() {
        return minuteMin;
    }

    /** Sets the per-minute minima. */
    public void setMinuteMin(double[] minuteMin) {
        this.minuteMin = minuteMin;
    }

    /** Per-minute maxima, laid out as {@link #getMinuteMin()}. */
    public double[] getMinuteMax() {
        return minuteMax;
    }

    /** Sets the per-minute maxima. */
    public void setMinuteMax(double[] minuteMax) {
        this.minuteMax = minuteMax;
    }

    /** The newest epoch minute that holds a value, or {@link #EMPTY}. */
    public long getNewestMinute() {
        return newestMinute;
    }

    /** Sets the newest minute. */
    public void setNewestMinute(long newestMinute) {
        this.newestMinute = newestMinute;
    }

    /** The latest value received. */
    public double getLastValue() {
        return lastValue;
    }

    /** Sets the latest value. */
    public void setLastValue(double lastValue) {
        this.lastValue = lastValue;
    }

    /** The latest ceiling received. */
    public double getCeiling() {
        return ceiling;
    }

    /** Sets the ceiling. */
    public void setCeiling(double ceiling) {
        this.ceiling = ceiling;
    }

    /** Consecutive minutes that predicted exhaustion within the horizon. */
    public int getConfirmations() {
        return confirmations;
    }

    /** Sets the confirmations. */
    public void setConfirmations(int confirmations) {
        this.confirmations = confirmations;
    }

    /** Consecutive minutes that did not. */
    public int getMisses() {
        return misses;
    }

    /** Sets the misses. */
    public void setMisses(int misses) {
        this.misses = misses;
    }

    /** Whether a warning is raised. */
    public boolean isWarning() {
        return warning;
    }

    /** Sets whether a warning is raised. */
    public void setWarning(boolean warning) {
        this.warning = warning;
    }

    /** Values ignored: not finite, no usable ceiling, or older than the window. */
    public long getIgnored() {
        return ignored;
    }

    /** Sets the ignored count. */
    public void setIgnored(long ignored) {
        this.ignored = ignored;
    }
}
