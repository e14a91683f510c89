package io.maximus.hcl.operators.execute;

import io.maximus.hcl.sinks.actuate.ActuatorRegistry;
import io.maximus.hcl.sinks.execute.ActionLog;
import io.maximus.hcl.sinks.execute.ExecuteConfig;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * The common part of the execute stage's async functions: the actuator registry, the action log and a small thread
 * pool the (blocking) actuator clients run on, so the Flink task thread never waits on a remote system.
 *
 * @param <I> input
 * @param <O> output
 */
public abstract class ActuatingFunction<I, O> extends RichAsyncFunction<I, O> {

    private static final long serialVersionUID = 1L;

    /** The configuration. */
    protected final ExecuteConfig config;
    /** The processing-time clock results are stamped with (the system's UTC clock unless a test gives another). */
    protected final Clock clock;
    /** The actuators, opened on the task manager. */
    protected transient ActuatorRegistry registry;
    /** The action log, or null in a configuration that can only dry-run. */
    protected transient ActionLog log;
    /** Where actuator calls run. */
    protected transient ExecutorService executor;

    /** A function with the given configuration and clock. */
    protected ActuatingFunction(ExecuteConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        registry = new ActuatorRegistry(config.actuators().create(), config.globalDryRun(), clock, config.hardLimits());
        log = config.actionLog() == null ? null : config.actionLog().open();
        AtomicInteger n = new AtomicInteger();
        String name = getClass().getSimpleName() + "-"
                + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = Executors.newFixedThreadPool(config.threads(), tf);
    }

    @Override
    public void close() throws Exception {
        if (executor != null) {
            executor.shutdown();
            // Let calls already running finish and record their outcome in the action log.
            executor.awaitTermination(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (registry != null) {
            registry.close();
        }
        if (log != null) {
            log.close();
        }
    }
}
