package io.maximus.hcl.tools.eval.anomaly;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.tools.eval.report.AnomalyPages;
import io.maximus.hcl.tools.eval.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hcl eval nab}: scores a detector on the Numenta Anomaly Benchmark with NAB's rules. */
@Command(
        name = "nab",
        mixinStandardHelpOptions = true,
        description = "Score HCL's online detector (or existing detector output with --scores) on the NAB corpus.")
public final class EvalNabCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(EvalNabCommand.class);

    @Option(
            names = "--data",
            required = true,
            description = "NAB directory: data/, labels/combined_windows.json, config/profiles.json.")
    Path data;

    @Option(
            names = "--scores",
            description = "Score existing output in NAB's results layout (DIR/<category>/<detector>_<file>.csv, "
                    + "column anomaly_score) instead of running HCL's detector.")
    Path scores;

    @Option(
            names = "--report",
            description = "Write an HTML report into this directory: index.html and one page "
                    + "per series (signal, score, threshold, labelled windows, detections).")
    Path report;

    @Option(
            names = "--param",
            split = ",",
            description = "Override detector settings for the whole corpus, key=value: m, history, short, long, "
                    + "warmup, alarm, suppress.")
    Map<String, String> params;

    @Override
    public Integer call() throws Exception {
        NabCorpus corpus = NabCorpus.load(data);
        List<double[]> all = new ArrayList<>();
        NabDetector detector = NabDetector.defaults().with(params == null ? Map.of() : params);
        for (NabCorpus.Series s : corpus.series()) {
            double[] sc = scores != null ? readScores(scores, s) : detector.run(s.values(), s.timestamps());
            if (sc.length != s.values().length) {
                throw new IOException(s.name() + ": " + sc.length + " scores for " + s.values().length + " rows");
            }
            all.add(sc);
        }
        NabScorer scorer = new NabScorer();
        List<NabScorer.ProfileResult> results = scorer.score(corpus, all);
        Map<String, Object> summary = new LinkedHashMap<>();
        for (NabScorer.ProfileResult r : results) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("profile", r.profile());
            line.put("threshold", r.threshold());
            line.put("raw", round(r.raw()));
            line.put("score", round(r.normalized()));
            System.out.println(Json.write(line));
            summary.put(r.profile(), round(r.normalized()));
        }
        if (report != null) {
            writeReport(corpus, all, results, summary);
        }
        System.out.println(Json.write(summary));
        return 0;
    }

    private void writeReport(
            NabCorpus corpus, List<double[]> all, List<NabScorer.ProfileResult> results, Map<String, Object> summary)
            throws IOException {
        Report html = new Report("HCL eval nab: " + (scores != null ? scores : data))
                .summary(summary)
                .note("One page per series: the signal, the detector's score against the standard profile's "
                        + "threshold, NAB's labelled windows (shaded) and the rows at or above the threshold (ticks). "
                        + "Long series are drawn with the min and max of the rows in each pixel column.");
        NabScorer.ProfileResult standard = results.stream()
                .filter(r -> r.profile().equals("standard"))
                .findFirst()
                .orElse(results.get(0));
        for (int f = 0; f < corpus.series().size(); f++) {
            NabCorpus.Series s = corpus.series().get(f);
            Map<String, Object> figures = new LinkedHashMap<>();
            for (NabScorer.ProfileResult r : results) {
                Double raw = r.perFile().get(s.name());
                figures.put("raw_" + r.profile(), raw == null ? null : round(raw));
            }
            AnomalyPages.nabSeries(
                    html,
                    s.name(),
                    figures,
                    s.timestamps(),
                    s.values(),
                    all.get(f),
                    standard.threshold(),
                    AnomalyPages.windowRows(s.timestamps(), s.windows()));
        }
        Report.Written w = html.write(report);
        LOG.info("report written to {}: {} pages, {} bytes", w.index(), w.pages(), w.bytes());
    }

    /** Reads the anomaly_score column of the file for series {@code s} in a NAB results directory. */
    static double[] readScores(Path dir, NabCorpus.Series s) throws IOException {
        int slash = s.name().indexOf('/');
        Path catDir = dir.resolve(s.name().substring(0, slash));
        String suffix = "_" + s.name().substring(slash + 1);
        Path file;
        try (Stream<Path> files = Files.list(catDir)) {
            file = files.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no results file *" + suffix + " in " + catDir));
        }
        double[][] tv = NabCorpus.readTimeValues(file, "anomaly_score");
        double[] out = new double[tv.length];
        for (int i = 0; i < tv.length; i++) {
            out[i] = tv[i][1];
        }
        return out;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
