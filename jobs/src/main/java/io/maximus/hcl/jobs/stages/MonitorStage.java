package io.maximus.hcl.jobs.stages;

import io.maximus.hcl.core.DeadLetter;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.jobs.HclOptions;
import io.maximus.hcl.operators.monitor.ParseTelemetry;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/** Monitor: parses and validates raw telemetry (what cannot be used goes to the dead letters), then event time. */
public final class MonitorStage {

    /**
     * The monitor stage's settings.
     *
     * @param outOfOrderness how late a snapshot may arrive and still count in its window
     * @param idleness after this long without records a source split stops holding back the watermark
     */
    public record Config(Duration outOfOrderness, Duration idleness) {

        /** The settings from the job's options. */
        public static Config from(Configuration conf) {
            return new Config(conf.get(HclOptions.OUT_OF_ORDERNESS), conf.get(HclOptions.IDLENESS));
        }
    }

    /** Valid snapshots with event time, and the records that could not be used with the reason. */
    public record Outputs(DataStream<TelemetrySnapshot> snapshots, DataStream<DeadLetter> deadLetters) {}

    private MonitorStage() {}

    /** Adds the monitor stage on {@code raw} telemetry records. */
    public static Outputs build(DataStream<String> raw, Config config) {
        SingleOutputStreamOperator<TelemetrySnapshot> parsed = raw.process(new ParseTelemetry())
                .name("monitor: parse + validate")
                .uid("parse-telemetry");
        DataStream<TelemetrySnapshot> snapshots = parsed.assignTimestampsAndWatermarks(
                        WatermarkStrategy.<TelemetrySnapshot>forBoundedOutOfOrderness(config.outOfOrderness())
                                .withTimestampAssigner((s, previous) -> s.timestamp())
                                .withIdleness(config.idleness()))
                .name("monitor: event time")
                .uid("event-time");
        return new Outputs(snapshots, parsed.getSideOutput(ParseTelemetry.DEAD_LETTERS));
    }
}
