package io.maximus.hcl.operators.execute;

import io.maximus.hcl.core.Action;
import io.maximus.hcl.core.ActionPlan;
import io.maximus.hcl.core.ActionStatus;
import io.maximus.hcl.core.ActionType;
import io.maximus.hcl.core.OperationalMode;
import io.maximus.hcl.core.Scope;
import io.maximus.hcl.core.ServiceWindow;
import io.maximus.hcl.sinks.execute.ActionEvent;
import io.maximus.hcl.sinks.execute.ApprovalAnswer;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import io.maximus.hcl.sinks.execute.FileActionLog;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A fault-injection run of the execute stage on a local cluster: a seeded script of warm_cache plans (one new Redis
 * key each) on a few services, and for each a service window 60 s later whose latency is either about the same or,
 * for a seeded share of them, 50% worse (the action "hurt"). Optionally the job is killed once mid-stream (a map
 * throws after some executed actions and a completed checkpoint) and restarts from its checkpoint.
 */
final class ExecuteHarness {

    /** Every event the stage emitted, in all attempts (the sink is at-least-once on purpose: it shows replays). */
    static final ConcurrentLinkedQueue<ActionEvent> EVENTS = new ConcurrentLinkedQueue<>();

    /** Every decision the stage emitted. */
    static final ConcurrentLinkedQueue<io.maximus.hcl.core.Decision> DECISIONS = new ConcurrentLinkedQueue<>();

    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final long SPACING = 20_000;
    static final int SERVICES = 10;

    /** One line of the script: a plan, a window or an approval answer, at an event time. */
    record Step(long time, ActionPlan plan, ServiceWindow window, ApprovalAnswer answer) {

        Step(long time, ActionPlan plan, ServiceWindow window) {
            this(time, plan, window, null);
        }
    }

    /** A script, rebuilt on the task (the records it holds are not java-serializable). */
    interface Steps extends Serializable {
        List<Step> steps();
    }

    /** The fault-injection script's parameters. */
    record Script(int actions, double hurtShare, long seed, String keyPrefix) implements Steps {

        boolean hurts(int i) {
            return new SplittableRandom(seed * 1_000_003L + i).nextDouble() < hurtShare;
        }

        String key(int i) {
            return keyPrefix + i;
        }

        @Override
        public List<Step> steps() {
            List<Step> out = new ArrayList<>();
            for (int i = 0; i < actions; i++) {
                String svc = "svc-" + (i % SERVICES);
                long t = T0 + (i + 1) * SPACING;
                SplittableRandom r = new SplittableRandom(seed * 7919L + i + 1);
                double latency = 80 + 40 * r.nextDouble();
                double errors = 0.5 + r.nextDouble();
                Map<String, Double> before = Map.of("latency_p99", latency, "error_rate", errors, "cpu_usage", 85.0);
                ActionPlan plan = new ActionPlan(
                        Scope.service(svc),
                        t,
                        "harness",
                        "harness action " + i,
                        OperationalMode.BALANCED,
                        List.of(new Action(
                                ActionType.WARM_CACHE, keyPrefix, Map.of("keys", List.of(Integer.toString(i))))),
                        1,
                        false,
                        "harness:" + keyPrefix + i,
                        before);
                double factor = hurts(i) ? 1.5 : 0.9 + 0.2 * r.nextDouble(); // -10%..+10% when harmless
                Map<String, Double> after =
                        Map.of("latency_p99", latency * factor, "error_rate", errors, "cpu_usage", 70.0);
                ServiceWindow w = new ServiceWindow(
                        svc, t + 1, t + 60_001, 3, 12, after, after, 0, List.of(), OperationalMode.BALANCED);
                out.add(new Step(t, plan, null));
                out.add(new Step(t + 60_000, null, w));
            }
            out.sort(Comparator.comparingLong(Step::time));
            return out;
        }
    }

    private ExecuteHarness() {}

    /** Builds and runs the job; returns when it finished. {@code failAfter} > 0 kills it once after that many executions. */
    static void run(Steps script, ExecuteConfig config, int failAfter, long throttleMillis) throws Exception {
        EVENTS.clear();
        DECISIONS.clear();
        Configuration conf = new Configuration();
        conf.setString("restart-strategy.type", "fixed-delay");
        conf.setString("restart-strategy.fixed-delay.attempts", "3");
        conf.setString("restart-strategy.fixed-delay.delay", "200 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.enableCheckpointing(100);
        int n = script.steps().size();
        DataStream<Step> steps = env.fromSequence(0, n - 1)
                .uid("harness-source")
                .map(new ToStep(script, throttleMillis))
                .uid("harness-steps")
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Step>forMonotonousTimestamps().withTimestampAssigner((s, p) -> s.time()))
                .uid("harness-time");
        DataStream<ActionPlan> plans =
                steps.filter(s -> s.plan() != null).map(Step::plan).uid("harness-plans");
        DataStream<ServiceWindow> windows =
                steps.filter(s -> s.window() != null).map(Step::window).uid("harness-windows");
        DataStream<ApprovalAnswer> answers =
                steps.filter(s -> s.answer() != null).map(Step::answer).uid("harness-answers");
        ExecuteStage.Outputs out = ExecuteStage.build(plans, windows, answers, config);
        out.events().map(new FailOnce(failAfter)).uid("harness-fail-once").sinkTo(new QueueSink<>(false));
        out.decisions().sinkTo(new QueueSink<>(true)).uid("harness-decisions");
        env.execute("execute harness");
    }

    /** The harness's stage configuration: Redis on {@code port}, really executing, a file action log. */
    static ExecuteConfig liveConfig(int port, String actionLogDir) {
        return ExecuteConfig.defaults()
                .withActuators(
                        () -> List.of(new io.maximus.hcl.sinks.actuate.RedisActuator(
                                io.maximus.hcl.sinks.actuate.RedisActuator.Options.local(port, false))),
                        false,
                        () -> new FileActionLog(java.nio.file.Path.of(actionLogDir)))
                .withRollback(Duration.ofSeconds(60), 0.20, ExecuteConfig.DEFAULT_ROLLBACK_METRICS);
    }

    /** Index → script step (the script is rebuilt from its seed on the task, so the source is just a sequence). */
    static final class ToStep extends RichMapFunction<Long, Step> {
        private final Steps script;
        private final long throttle;
        private transient List<Step> steps;

        ToStep(Steps script, long throttle) {
            this.script = script;
            this.throttle = throttle;
        }

        @Override
        public void open(OpenContext ctx) {
            steps = script.steps();
        }

        @Override
        public Step map(Long i) throws Exception {
            if (throttle > 0) {
                Thread.sleep(throttle); // spread the script over several checkpoints
            }
            Step s = steps.get(i.intValue());
            if (s.answer() != null) {
                // A human answers after seeing the waiting action. Plans and answers reach the gate over two network
                // channels whose order is not kept, so give the plans time to get there first.
                Thread.sleep(1_000);
            }
            return s;
        }
    }

    /** Throws once, in the first attempt, after {@code after} executed actions and at least one completed checkpoint. */
    static final class FailOnce extends RichMapFunction<ActionEvent, ActionEvent> implements CheckpointListener {
        static volatile boolean failed;
        private final int after;
        private transient int executed;
        private transient boolean checkpointed;

        FailOnce(int after) {
            this.after = after;
        }

        @Override
        public void open(OpenContext ctx) {
            if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                failed = false;
            }
        }

        @Override
        public ActionEvent map(ActionEvent e) {
            if (e.result().status() == ActionStatus.EXECUTED) {
                executed++;
            }
            if (after > 0
                    && !failed
                    && checkpointed
                    && executed >= after
                    && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                failed = true;
                throw new IllegalStateException("injected failure after " + executed + " executed actions");
            }
            return e;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    /** Collects into {@link #DECISIONS} or {@link #EVENTS} (same JVM). */
    static final class QueueSink<T> implements Sink<T> {
        private final boolean decisions;

        QueueSink(boolean decisions) {
            this.decisions = decisions;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(T e, Context c) {
                    if (decisions) {
                        DECISIONS.add((io.maximus.hcl.core.Decision) e);
                    } else {
                        EVENTS.add((ActionEvent) e);
                    }
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
