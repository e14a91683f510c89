package io.maximus.hcl.tools.kb;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code hcl kb}: knowledge-base commands (bench, maintain). */
@Command(
        name = "kb",
        mixinStandardHelpOptions = true,
        description = "Knowledge-base commands.",
        subcommands = {KbBenchCommand.class, KbMaintainCommand.class})
public final class KbCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs {@code kb} on its own (outside the {@code hcl} launcher). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new KbCommand()).execute(args));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return 0;
    }
}
