package io.maximus.hcl.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code hcl demo}: the whole loop locally on embedded Kafka, PostgreSQL and a local Flink cluster. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Runs the whole loop locally.")
public final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("demo is being written");
    }
}
