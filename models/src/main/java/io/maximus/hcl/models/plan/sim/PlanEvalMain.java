package io.maximus.hcl.models.plan.sim;

import java.nio.file.Path;

/**
 * Prints the plan evaluation (table and JSON line) for one CSV: {@code PlanEvalMain FILE TIME_COL VALUE_COL}. A
 * stand-in until the CLI's {@code hcl eval plan} wraps {@link PlanEvaluation}.
 */
public final class PlanEvalMain {

    private PlanEvalMain() {}

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PlanEvalMain FILE TIME_COL VALUE_COL");
            System.exit(2);
        }
        PlanEvaluation eval = new PlanEvaluation(PlanEvaluation.Settings.defaults());
        Trace trace = TraceReader.read(
                Path.of(args[0]), args[1], args[2], eval.settings().service().stepSeconds());
        EvaluationResult result = eval.evaluate(trace);
        System.out.print(result.table());
        System.out.println(result.toJson());
        System.out.println("hcl dominates hpa: " + result.dominates("hcl", "hpa"));
    }
}
