package io.maximus.hcl.tools.eval.anomaly;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.models.anomaly.AnomalyComponent;
import io.maximus.hcl.models.anomaly.AnomalyDetector;
import io.maximus.hcl.models.anomaly.IsolationForest;
import io.maximus.hcl.models.anomaly.IsolationForestComponent;
import io.maximus.hcl.models.anomaly.PcaResidualComponent;
import io.maximus.hcl.models.anomaly.SnapshotWindow;
import io.maximus.hcl.models.anomaly.WindowFeatures;
import io.maximus.hcl.models.anomaly.artifact.SmdDataset;
import io.maximus.hcl.models.attention.FovealAnalyzer;
import io.maximus.hcl.models.attention.FovealState;
import io.maximus.hcl.models.attention.PeripheralMonitor;
import io.maximus.hcl.models.attention.PeripheralState;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hcl eval speed}: a tight single-thread harness (JMH is not used, to keep the module's dependencies to
 * what the build already has): warms each tier up, then times it over the test rows of one machine, in snapshots per
 * second on one core. Prints one JSON line.
 */
@Command(
        name = "speed",
        mixinStandardHelpOptions = true,
        description = "Measure snapshots/s on one core for the peripheral tier, the Isolation Forest scorer, the "
                + "combined detector and the attention system, on one machine in the SMD layout.")
public final class EvalSpeedCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "Directory in the SMD layout.")
    Path data;

    @Option(
            names = "--machine",
            defaultValue = "machine-1-2",
            description = "Machine to use (default: ${DEFAULT-VALUE}).")
    String machine;

    @Option(
            names = "--seconds",
            defaultValue = "3",
            description = "Measured seconds per tier (default: ${DEFAULT-VALUE}).")
    double seconds;

    private volatile double sink;

    @Override
    public Integer call() throws Exception {
        SmdDataset.Machine m = SmdDataset.load(data, machine);
        double[][] test = m.test();
        int n = test.length;
        AnomalyDetector det = new AnomalyDetector(
                        List.<AnomalyComponent>of(
                                new IsolationForestComponent(100, 256, 0, new WindowFeatures(true, 1)),
                                new PcaResidualComponent(0.95)),
                        Map.of(IsolationForestComponent.NAME, 0.6, PcaResidualComponent.NAME, 0.4),
                        0.85,
                        0.01,
                        null)
                .smoothing(0.2)
                .fit(m.train());
        IsolationForest forest = new IsolationForest(0).fit(det.standardize(m.train()));
        double[][] z = det.standardize(test);

        PeripheralMonitor monitor = PeripheralMonitor.defaults();
        PeripheralState ps = new PeripheralState(test[0].length);
        SnapshotWindow window = det.newWindow();
        PeripheralState aps = new PeripheralState(test[0].length);
        for (double[] r : m.train()) {
            monitor.update(aps, r);
        }
        FovealAnalyzer foveal = FovealAnalyzer.defaults(det);
        FovealState fs = new FovealState(1);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("machine", machine);
        out.put("metrics", test[0].length);
        out.put("peripheral_per_s", rate(i -> monitor.update(ps, test[i % n])));
        out.put("isolation_forest_per_s", rate(i -> forest.score(z[i % n])));
        out.put("combined_per_s", rate(i -> {
            window.push(det, test[i % n]);
            return det.combined(window);
        }));
        out.put("combined_with_breakdown_per_s", rate(i -> {
            window.push(det, test[i % n]);
            return det.score(window).score();
        }));
        out.put("attention_per_s", rate(i -> {
            double[] x = test[i % n];
            double s = monitor.update(aps, x, !fs.fixated());
            return foveal.decide(fs, aps, x, s).analyzed() ? foveal.analyzeScore(fs) : s;
        }));
        System.out.println(Json.write(out));
        return 0;
    }

    /** Snapshots per second of {@code op} on this thread, after a one-second warm-up. */
    private long rate(IntToDoubleFunction op) {
        run(op, 1.0);
        return Math.round(run(op, seconds));
    }

    private double run(IntToDoubleFunction op, double secs) {
        long deadline = System.nanoTime() + (long) (secs * 1e9);
        long start = System.nanoTime();
        long count = 0;
        double acc = 0;
        int i = 0;
        while (true) {
            for (int k = 0; k < 1000; k++) {
                acc += op.applyAsDouble(i++);
            }
            count += 1000;
            long now = System.nanoTime();
            if (now >= deadline) {
                sink = acc;
                return count / ((now - start) / 1e9);
            }
        }
    }
}
