package io.maximus.hcl.jobs;

import io.maximus.hcl.core.Json;
import io.maximus.hcl.core.Secrets;
import io.maximus.hcl.core.TelemetryParser;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.models.failure.FleetFailureTraining;
import io.maximus.hcl.models.forecast.ForecastTrainer;
import io.maximus.hcl.models.forecast.SeriesCsv;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.connector.jdbc.core.datastream.source.JdbcSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The training pipeline as a Flink batch job (the seed's daily Airflow DAG): reads telemetry history, from a CSV file
 * or the knowledge base's {@code hcl_telemetry} over JDBC (aggregated to steps in the database), groups it by
 * service, and per service fits and backtests the demand forecaster and writes a versioned artifact
 * ({@code <out>/forecast-<service>-<version>/}); prints one JSON line per service. {@code k8s/training-cronjob.yaml}
 * runs it daily at 02:00. Run it as {@code hcl train pipeline …} (a local Flink environment) or submit it with
 * {@code flink run -c io.maximus.hcl.jobs.TrainingJob <jar> …}.
 *
 * <p>With {@code --models failure} (or {@code forecast,failure}) it also trains the fleet failure predictor from
 * per-host snapshots ({@code --telemetry FILE} as JSONL, or {@code hcl_telemetry}): keyed by host, each host's history
 * is resampled and labelled ({@link HostHistory}); one task then trains the fleet model on all hosts
 * ({@link TrainFailure}) and writes {@code <out>/failure-fleet-<data hash>/}, the job's {@code failure.model}.
 */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description = "The training pipeline as a Flink batch job: history from a CSV file or the knowledge base "
                + "(hcl_telemetry over JDBC), one forecast artifact per service with its backtest, and with --models failure "
                + "the fleet failure predictor from per-host snapshots; one JSON line per artifact. "
                + "k8s/training-cronjob.yaml runs it daily at 02:00.")
public final class TrainingJob implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);

    /** The models this job trains. */
    public static final List<String> MODELS = List.of("forecast", "failure");

    @Option(
            names = "--csv",
            description = "History as a CSV file with a header: time, value and (optional) service " + "columns.")
    Path csv;

    @Option(names = "--time-col", description = "CSV: time column (default: the first).")
    String timeCol;

    @Option(names = "--value-col", description = "CSV: value column (default: the second).")
    String valueCol;

    @Option(
            names = "--service-col",
            description = "CSV: service column (default: none, one series named by --service).")
    String serviceCol;

    @Option(
            names = "--service",
            defaultValue = "default",
            description = "CSV without a service column: the service the series belongs to. Default: ${DEFAULT-VALUE}.")
    String service;

    @Option(
            names = "--jdbc-url",
            description = "History from the knowledge base's hcl_telemetry (the password from "
                    + "HCL_JDBC_PASSWORD or --jdbc-password-file).")
    String jdbcUrl;

    @Option(
            names = "--jdbc-user",
            defaultValue = "hcl",
            description = "Knowledge-base user. Default: ${DEFAULT-VALUE}.")
    String jdbcUser;

    @Option(names = "--jdbc-password-file", description = "A mounted file holding the knowledge-base password.")
    Path jdbcPasswordFile;

    @Option(
            names = "--history-days",
            defaultValue = "35",
            description =
                    "JDBC: days of history read (the training window plus the backtest's). Default: ${DEFAULT-VALUE}.")
    int historyDays;

    @Option(
            names = "--metric",
            defaultValue = "cpu_usage",
            description = "JDBC: the demand metric, averaged over each service's hosts. Default: ${DEFAULT-VALUE}.")
    String metric;

    @Option(
            names = "--telemetry",
            description = "Failure training: history as telemetry JSONL (the contract of "
                    + "system.telemetry.raw, e.g. hcl generate's output); or --jdbc-url for hcl_telemetry.")
    Path telemetry;

    @Option(
            names = "--models",
            split = ",",
            defaultValue = "forecast",
            description = "Models to train: forecast (per service, from --csv or --jdbc-url), failure (the fleet "
                    + "failure predictor, from --telemetry or --jdbc-url). Default: ${DEFAULT-VALUE}.")
    List<String> models;

    @Option(
            names = "--out",
            defaultValue = "models/artifacts",
            description =
                    "Directory the artifacts are written under (shared storage on a cluster). Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--step", defaultValue = "15m", description = "Model resolution. Default: ${DEFAULT-VALUE}.")
    String step;

    @Option(
            names = "--order",
            defaultValue = "1,1,1,1,1,1",
            description = "SARIMA orders p,d,q,P,D,Q. Default: ${DEFAULT-VALUE}.")
    String order;

    @Option(
            names = "--train-days",
            defaultValue = "28",
            description = "Training window in days. Default: ${DEFAULT-VALUE}.")
    int trainDays;

    @Option(
            names = "--backtest-refit",
            defaultValue = "1d",
            description = "Backtest refit period. Default: ${DEFAULT-VALUE}.")
    String backtestRefit;

    @Option(names = "--no-backtest", description = "Skip the backtests.")
    boolean noBacktest;

    @Option(
            names = "--parallelism",
            defaultValue = "1",
            description = "Services trained at once (local environment). Default: ${DEFAULT-VALUE}.")
    int parallelism;

    /** One service's aggregate over one step: a Flink POJO. */
    public static class StepPoint {
        /** The service. */
        public String service;
        /** Step index (epoch seconds / step). */
        public long step;
        /** Sum and count of the values in the step. */
        public double sum;

        public long count;

        /** For Flink. */
        public StepPoint() {}

        /** A point. */
        public StepPoint(String service, long step, double sum, long count) {
            this.service = service;
            this.step = step;
            this.sum = sum;
            this.count = count;
        }
    }

    /** Entry point for {@code flink run -c io.maximus.hcl.jobs.TrainingJob}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainingJob()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        for (String line : run(env)) {
            System.out.println(line);
        }
        return 0;
    }

    /** Builds and runs the batch job on {@code env}; returns one JSON line per service. */
    public List<String> run(StreamExecutionEnvironment env) throws Exception {
        List<String> wanted = models.stream().map(String::trim).toList();
        for (String m : wanted) {
            if (!MODELS.contains(m)) {
                throw new IllegalArgumentException("unknown model '" + m + "': this job trains " + MODELS);
            }
        }
        List<String> lines = new ArrayList<>();
        if (wanted.contains("forecast")) {
            lines.addAll(runForecast(env));
        }
        if (wanted.contains("failure")) {
            lines.addAll(runFailure(env));
        }
        return lines;
    }

    private List<String> runForecast(StreamExecutionEnvironment env) throws Exception {
        if ((csv == null) == (jdbcUrl == null)) {
            throw new IllegalArgumentException("give exactly one of --csv FILE and --jdbc-url URL");
        }
        long stepSec = SeriesCsv.parseDurationSeconds(step);
        ForecastTrainer.Settings settings = new ForecastTrainer.Settings(
                ForecastTrainer.parseOrders(order),
                stepSec,
                8,
                trainDays,
                (int) (SeriesCsv.parseDurationSeconds(backtestRefit) / stepSec),
                0.3,
                400,
                !noBacktest);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        DataStream<StepPoint> points = csv != null ? csvPoints(env, stepSec) : jdbcPoints(env, stepSec);
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("source", csv != null ? csv.toString() : "hcl_telemetry");
        source.put("metric", csv != null ? (valueCol == null ? "(second column)" : valueCol) : metric);
        List<String> lines = new ArrayList<>();
        try (CloseableIterator<String> it = points.keyBy(p -> p.service)
                .process(new TrainForecast(settings, out.toAbsolutePath().toString(), source))
                .name("train: forecast per service")
                .uid("train-forecast")
                .executeAndCollect("hcl training pipeline")) {
            it.forEachRemaining(lines::add);
        }
        return lines;
    }

    private List<String> runFailure(StreamExecutionEnvironment env) throws Exception {
        if ((telemetry == null) == (jdbcUrl == null)) {
            throw new IllegalArgumentException(
                    "failure training: give exactly one of --telemetry FILE and --jdbc-url URL");
        }
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        DataStream<String> records;
        if (telemetry != null) {
            if (!Files.isRegularFile(telemetry)) {
                throw new IllegalArgumentException("no such telemetry file: " + telemetry);
            }
            records = env.fromSource(
                            FileSource.forRecordStreamFormat(
                                            new TextLineInputFormat(),
                                            new org.apache.flink.core.fs.Path(
                                                    telemetry.toAbsolutePath().toUri()))
                                    .build(),
                            WatermarkStrategy.noWatermarks(),
                            "history: " + telemetry.getFileName())
                    .uid("history-telemetry-source");
        } else {
            // One JSON record per stored snapshot, in the contract of system.telemetry.raw, so both sources parse
            // alike.
            String sql = "SELECT json_build_object('timestamp', (extract(epoch FROM \"timestamp\") * 1000)::bigint, "
                    + "'host', host, 'service', service, 'metrics', metrics)::text FROM hcl_telemetry "
                    + "WHERE \"timestamp\" >= now() - make_interval(days => " + historyDays + ")";
            records = env.fromSource(
                            JdbcSource.<String>builder()
                                    .setDBUrl(jdbcUrl)
                                    .setUsername(jdbcUser)
                                    .setPassword(password())
                                    .setDriverName("org.postgresql.Driver")
                                    .setSql(sql)
                                    .setResultExtractor(rs -> rs.getString(1))
                                    .setTypeInformation(TypeInformation.of(String.class))
                                    .build(),
                            WatermarkStrategy.noWatermarks(),
                            "history: hcl_telemetry snapshots")
                    .uid("history-jdbc-snapshots");
        }
        FleetFailureTraining.Config cfg = FleetFailureTraining.Config.defaults();
        List<String> lines = new ArrayList<>();
        try (CloseableIterator<String> it = records.flatMap(
                        (String line, Collector<HostLine> c) -> {
                            TelemetrySnapshot snap = TelemetryParser.parse(line).snapshot();
                            if (snap != null) { // malformed history lines are left out, as the job's parser would
                                c.collect(new HostLine(snap.scope().key(), snap.timestamp(), line));
                            }
                        },
                        TypeInformation.of(HostLine.class))
                .name("history: parse snapshots")
                .uid("history-parse-snapshots")
                .keyBy(h -> h.key)
                .process(new HostHistory(cfg))
                .name("train: failure rows per host")
                .uid("train-failure-hosts")
                .keyBy(h -> "fleet")
                .process(new TrainFailure(cfg, out.toAbsolutePath().toString()))
                .name("train: fleet failure model")
                .uid("train-failure-fleet")
                .setParallelism(1)
                .executeAndCollect("hcl training pipeline: failure")) {
            it.forEachRemaining(lines::add);
        }
        return lines;
    }

    /** The knowledge-base password: {@code HCL_JDBC_PASSWORD}, its {@code _FILE}, else --jdbc-password-file. */
    private String password() {
        String file = jdbcPasswordFile == null ? null : jdbcPasswordFile.toString();
        return Secrets.fromEnvironment("HCL_JDBC_PASSWORD", file);
    }

    /** One snapshot of the history with its host key and event time: a Flink POJO. */
    public static class HostLine {
        /** service/host. */
        public String key;
        /** Event time, epoch ms. */
        public long time;
        /** The record as read. */
        public String json;

        /** For Flink. */
        public HostLine() {}

        /** A line. */
        public HostLine(String key, long time, String json) {
            this.key = key;
            this.time = time;
            this.json = json;
        }
    }

    /**
     * Keyed, in batch mode: gathers each key's elements and hands them over once, when the key's input has ended (the
     * event-time timer at the end of time fires once per key in batch execution). The three training steps below
     * differ only in what they do with a key's whole input.
     */
    abstract static class AtEndOfInput<IN> extends KeyedProcessFunction<String, IN, String> {
        private static final long serialVersionUID = 1L;
        private final Class<IN> type;
        private transient ListState<IN> elements;

        AtEndOfInput(Class<IN> type) {
            this.type = type;
        }

        @Override
        public void open(OpenContext ctx) {
            elements = getRuntimeContext().getListState(new ListStateDescriptor<>("input", type));
        }

        @Override
        public void processElement(IN element, Context ctx, Collector<String> out) throws Exception {
            elements.add(element);
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
            List<IN> all = new ArrayList<>();
            elements.get().forEach(all::add);
            elements.clear();
            finish(ctx.getCurrentKey(), all, out);
        }

        /** What to do with one key's whole input. */
        abstract void finish(String key, List<IN> all, Collector<String> out) throws Exception;
    }

    /**
     * Keyed by host: at the end of the host's input resamples its snapshots to one-minute rows and labels its outages
     * ({@link FleetFailureTraining#series}); emits the series as JSON.
     */
    static final class HostHistory extends AtEndOfInput<HostLine> {
        private static final long serialVersionUID = 1L;
        private final FleetFailureTraining.Config cfg;

        HostHistory(FleetFailureTraining.Config cfg) {
            super(HostLine.class);
            this.cfg = cfg;
        }

        @Override
        void finish(String host, List<HostLine> all, Collector<String> out) {
            all.sort(Comparator.comparingLong(l -> l.time));
            List<TelemetrySnapshot> snaps = new ArrayList<>(all.size());
            for (HostLine l : all) {
                snaps.add(TelemetryParser.parse(l.json).snapshot());
            }
            FleetFailureTraining.HostSeries series = new FleetFailureTraining(cfg).series(host, snaps);
            if (series != null) {
                out.collect(Json.write(series));
            }
        }
    }

    /**
     * One task (keyed by a constant): at the end trains the fleet failure model on every host's series, hashes its
     * training data (the hosts' series as received, in key order), writes the artifact and emits one JSON line with
     * its figures.
     */
    static final class TrainFailure extends AtEndOfInput<String> {
        private static final long serialVersionUID = 1L;
        private final FleetFailureTraining.Config cfg;
        private final String out;

        TrainFailure(FleetFailureTraining.Config cfg, String out) {
            super(String.class);
            this.cfg = cfg;
            this.out = out;
        }

        @Override
        void finish(String fleet, List<String> received, Collector<String> collector) throws Exception {
            Map<String, String> byHost = new TreeMap<>();
            Map<String, FleetFailureTraining.HostSeries> parsed = new LinkedHashMap<>();
            for (String s : received) {
                FleetFailureTraining.HostSeries h = Json.read(s, FleetFailureTraining.HostSeries.class);
                byHost.put(h.key(), s);
                parsed.put(h.key(), h);
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<FleetFailureTraining.HostSeries> all = new ArrayList<>();
            for (Map.Entry<String, String> e : byHost.entrySet()) {
                digest.update(e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                all.add(parsed.get(e.getKey()));
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            String version = "failure-fleet-" + sha.substring(0, 12);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("model", "failure");
            line.put("hosts", all.size());
            line.put("training_data_sha256", sha);
            long events = all.stream().mapToLong(h -> h.onsets().size()).sum();
            if (events == 0) {
                // nothing to learn from: no host failed in the history (a calm fleet is no failure model)
                line.put("skipped", "no outage in the history (" + all.size() + " hosts)");
                collector.collect(Json.write(line));
                return;
            }
            FleetFailureTraining.Result r;
            try {
                r = new FleetFailureTraining(cfg).train(all, version);
            } catch (IllegalArgumentException e) {
                // history the model cannot learn from (e.g. a metric it needs was never reported): said, not a crash
                LOG.warn("failure training skipped: {}", e.getMessage());
                line.put("skipped", e.getMessage());
                collector.collect(Json.write(line));
                return;
            }
            Path dir = Path.of(out).resolve(version);
            r.model().save(dir, r.boosters(), sha, r.params(), r.figures());
            LOG.info("failure artifact {} written to {}", version, dir);
            line.put("artifact", dir.toString());
            line.put("version", version);
            line.putAll(r.figures());
            collector.collect(Json.write(line));
        }
    }

    private DataStream<StepPoint> csvPoints(StreamExecutionEnvironment env, long stepSec) throws IOException {
        String header;
        try (BufferedReader r = Files.newBufferedReader(csv)) {
            header = r.readLine();
        }
        if (header == null) {
            throw new IllegalArgumentException("empty file " + csv);
        }
        String[] h = header.split(",", -1);
        int ti = timeCol == null ? 0 : column(h, timeCol);
        int vi = valueCol == null ? 1 : column(h, valueCol);
        int si = serviceCol == null ? -1 : column(h, serviceCol);
        String fixedService = service;
        FileSource<String> src = FileSource.forRecordStreamFormat(
                        new TextLineInputFormat(),
                        new org.apache.flink.core.fs.Path(csv.toAbsolutePath().toUri()))
                .build();
        return env.fromSource(src, WatermarkStrategy.noWatermarks(), "history: " + csv.getFileName())
                .uid("history-csv-source")
                .flatMap(
                        (String line, Collector<StepPoint> c) -> {
                            String[] cells = line.split(",", -1);
                            if (cells.length <= Math.max(ti, Math.max(vi, si))) {
                                return;
                            }
                            double v;
                            long t;
                            try {
                                v = Double.parseDouble(cells[vi].trim());
                                t = SeriesCsv.parseEpochSeconds(cells[ti]);
                            } catch (RuntimeException e) {
                                return; // the header, or a cell that is not a number or a time
                            }
                            if (Double.isFinite(v)) {
                                c.collect(new StepPoint(
                                        si < 0 ? fixedService : cells[si].trim(), Math.floorDiv(t, stepSec), v, 1));
                            }
                        },
                        TypeInformation.of(StepPoint.class))
                .name("history: parse CSV")
                .uid("history-csv-parse");
    }

    private DataStream<StepPoint> jdbcPoints(StreamExecutionEnvironment env, long stepSec) throws IOException {
        if (!metric.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("metric names hold letters, digits, '_', '.', '-': " + metric);
        }
        String password = password();
        // Aggregated to steps in the database: a month of 15-s snapshots of a fleet is millions of rows, its
        // 15-minute steps per service a few thousand. (The metric name is checked above: it is inlined as a literal.)
        String sql = "SELECT service, floor(extract(epoch FROM \"timestamp\") / " + stepSec + ")::bigint AS step, "
                + "sum((metrics->>'" + metric + "')::float8) AS s, count(*) AS c FROM hcl_telemetry "
                + "WHERE metrics->>'" + metric + "' IS NOT NULL AND \"timestamp\" >= now() - interval '"
                + historyDays + " days' GROUP BY 1, 2";
        JdbcSource<StepPoint> src = JdbcSource.<StepPoint>builder()
                .setDBUrl(jdbcUrl)
                .setUsername(jdbcUser)
                .setPassword(password)
                .setDriverName("org.postgresql.Driver")
                .setSql(sql)
                .setResultExtractor(rs -> new StepPoint(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getLong(4)))
                .setTypeInformation(TypeInformation.of(StepPoint.class))
                .build();
        return env.fromSource(src, WatermarkStrategy.noWatermarks(), "history: hcl_telemetry")
                .uid("history-jdbc-source");
    }

    private static int column(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column '" + name + "' in header " + String.join(",", header));
    }

    /** Keyed by service: at the end of the service's input trains its forecaster and writes its artifact. */
    static final class TrainForecast extends AtEndOfInput<StepPoint> {
        private static final long serialVersionUID = 1L;
        private final ForecastTrainer.Settings settings;
        private final String out;
        private final Map<String, Object> source;

        TrainForecast(ForecastTrainer.Settings settings, String out, Map<String, Object> source) {
            super(StepPoint.class);
            this.settings = settings;
            this.out = out;
            this.source = new LinkedHashMap<>(source);
        }

        @Override
        void finish(String svc, List<StepPoint> points, Collector<String> collector) throws IOException {
            Map<Long, double[]> bins = new TreeMap<>();
            for (StepPoint p : points) {
                double[] acc = bins.computeIfAbsent(p.step, k -> new double[2]);
                acc[0] += p.sum;
                acc[1] += p.count;
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("service", svc);
            line.put("model", "forecast");
            try {
                Map<String, Object> src = new LinkedHashMap<>(source);
                src.put("service", svc);
                SeriesCsv.Binned series = ForecastTrainer.binned(bins, settings.stepSeconds(), svc);
                ForecastTrainer.Result r = ForecastTrainer.train(
                        series, settings, Path.of(out), "forecast-" + svc.replaceAll("[^A-Za-z0-9._-]", "_"), src);
                line.put("artifact", r.artifact().toString());
                line.put("points", r.points());
                line.put("training_data_sha256", r.dataSha256());
                line.put("backtest", r.backtest());
            } catch (IllegalArgumentException e) {
                // a service with too little history is skipped, not a failed pipeline
                LOG.warn("forecast training of {} skipped: {}", svc, e.getMessage());
                line.put("skipped", e.getMessage());
            }
            collector.collect(Json.write(line));
        }
    }
}
