package io.maximus.hcl.operators.metrics;

import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * A {@link DescriptiveStatisticsHistogram} of durations recorded in microseconds (Flink histograms hold longs) whose
 * statistics read in seconds, so the Prometheus reporter's quantiles match the {@code _seconds} name.
 */
final class SecondsHistogram implements Histogram {

    /** Microseconds in a second. */
    static final double MICROS = 1e6;

    private final DescriptiveStatisticsHistogram micros;

    SecondsHistogram(int window) {
        this.micros = new DescriptiveStatisticsHistogram(window);
    }

    @Override
    public void update(long valueMicros) {
        micros.update(valueMicros);
    }

    @Override
    public long getCount() {
        return micros.getCount();
    }

    @Override
    public HistogramStatistics getStatistics() {
        HistogramStatistics s = micros.getStatistics();
        return new HistogramStatistics() {
            @Override
            public double getQuantile(double quantile) {
                return s.getQuantile(quantile) / MICROS;
            }

            @Override
            public long[] getValues() {
                return s.getValues();
            }

            @Override
            public int size() {
                return s.size();
            }

            @Override
            public double getMean() {
                return s.getMean() / MICROS;
            }

            @Override
            public double getStdDev() {
                return s.getStdDev() / MICROS;
            }

            @Override
            public long getMax() {
                return Math.round(s.getMax() / MICROS);
            }

            @Override
            public long getMin() {
                return Math.round(s.getMin() / MICROS);
            }
        };
    }
}
