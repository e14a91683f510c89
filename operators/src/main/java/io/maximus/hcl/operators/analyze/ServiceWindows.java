package io.maximus.hcl.operators.analyze;

import io.maximus.hcl.core.ScoredSnapshot;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.models.plan.ModeRule;
import io.maximus.hcl.models.plan.ServiceWindowAccumulator;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Summarizes a service's scored snapshots per event-time window and picks the window's operational mode. */
public final class ServiceWindows {

    private ServiceWindows() {}

    /** Incremental aggregation of the snapshots in a window. */
    public static class Aggregate
            implements AggregateFunction<ScoredSnapshot, ServiceWindowAccumulator, ServiceWindowAccumulator> {
        private static final long serialVersionUID = 1L;

        @Override
        public ServiceWindowAccumulator createAccumulator() {
            return new ServiceWindowAccumulator();
        }

        @Override
        public ServiceWindowAccumulator add(ScoredSnapshot value, ServiceWindowAccumulator acc) {
            return acc.add(value);
        }

        @Override
        public ServiceWindowAccumulator getResult(ServiceWindowAccumulator acc) {
            return acc;
        }

        @Override
        public ServiceWindowAccumulator merge(ServiceWindowAccumulator a, ServiceWindowAccumulator b) {
            return a.merge(b);
        }
    }

    /** Turns a window's accumulator into a {@link ServiceWindow} with its mode. */
    public static class Summarize
            extends ProcessWindowFunction<ServiceWindowAccumulator, ServiceWindow, String, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private final ModeRule modeRule;

        /** A summarizer using the given mode rule. */
        public Summarize(ModeRule modeRule) {
            this.modeRule = modeRule;
        }

        @Override
        public void process(
                String service, Context ctx, Iterable<ServiceWindowAccumulator> accs, Collector<ServiceWindow> out) {
            for (ServiceWindowAccumulator acc : accs) {
                out.collect(acc.toWindow(
                        service, ctx.window().getStart(), ctx.window().getEnd(), modeRule));
            }
        }
    }
}
