package io.maximus.hcl.jobs.stages;

import io.maximus.hcl.core.DeadLetter;
import io.maximus.hcl.core.InputBounds;
import io.maximus.hcl.core.StreamClock;
import io.maximus.hcl.core.TelemetrySnapshot;
import io.maximus.hcl.jobs.HclOptions;
import io.maximus.hcl.operators.monitor.LateRecords;
import io.maximus.hcl.operators.monitor.ParseTelemetry;
import io.maximus.hcl.operators.monitor.QuorumWatermarks;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Monitor: parses and validates raw telemetry (what cannot be used goes to the dead letters), then event time; a
 * snapshot late for the watermark is dead-lettered too, never dropped silently by the windows behind.
 */
public final class MonitorStage {

    /**
     * The monitor stage's settings.
     *
     * @param outOfOrderness how late a snapshot may arrive and still count in its window
     * @param idleness after this long without records a source split stops holding back the watermark
     * @param bounds what a record must respect to be accepted ({@code input.*})
     * @param reference what a record's event time is judged against ({@code input.reference})
     * @param confirmingHosts distinct hosts whose word moves event time: the stream clock and the watermark
     *     ({@code input.confirming-hosts})
     * @param hostTimeout a host silent this long stops counting ({@code input.host-timeout})
     */
    public record Config(
            Duration outOfOrderness,
            Duration idleness,
            InputBounds bounds,
            ParseTelemetry.Reference reference,
            int confirmingHosts,
            Duration hostTimeout) {

        /** The settings with the default input bounds, the stream reference and the default host quorum. */
        public Config(Duration outOfOrderness, Duration idleness) {
            this(outOfOrderness, idleness, InputBounds.DEFAULTS, ParseTelemetry.Reference.STREAM);
        }

        /** The settings with the default host quorum. */
        public Config(
                Duration outOfOrderness, Duration idleness, InputBounds bounds, ParseTelemetry.Reference reference) {
            this(
                    outOfOrderness,
                    idleness,
                    bounds,
                    reference,
                    StreamClock.DEFAULT_CONFIRMING_HOSTS,
                    StreamClock.DEFAULT_HOST_TIMEOUT);
        }

        /** The settings from the job's options. */
        public static Config from(Configuration conf) {
            return new Config(
                    conf.get(HclOptions.OUT_OF_ORDERNESS),
                    conf.get(HclOptions.IDLENESS),
                    inputBounds(conf),
                    inputReference(conf),
                    conf.get(HclOptions.INPUT_CONFIRMING_HOSTS),
                    conf.get(HclOptions.INPUT_HOST_TIMEOUT));
        }
    }

    /** Valid snapshots with event time, and the records that could not be used with the reason. */
    public record Outputs(DataStream<TelemetrySnapshot> snapshots, DataStream<DeadLetter> deadLetters) {}

    private MonitorStage() {}

    /** Adds the monitor stage on {@code raw} telemetry records. */
    public static Outputs build(DataStream<String> raw, Config config) {
        SingleOutputStreamOperator<TelemetrySnapshot> parsed = raw.process(new ParseTelemetry(
                        config.bounds(), config.reference(), config.confirmingHosts(), config.hostTimeout()))
                .name("monitor: parse + validate")
                .uid("parse-telemetry");
        Duration outOfOrderness = config.outOfOrderness();
        int confirmingHosts = config.confirmingHosts();
        Duration hostTimeout = config.hostTimeout();
        SingleOutputStreamOperator<TelemetrySnapshot> timed = parsed.assignTimestampsAndWatermarks(
                        WatermarkStrategy.<TelemetrySnapshot>forGenerator(
                                        ctx -> new QuorumWatermarks(outOfOrderness, confirmingHosts, hostTimeout))
                                .withTimestampAssigner((s, previous) -> s.timestamp())
                                .withIdleness(config.idleness()))
                .name("monitor: event time")
                .uid("event-time");
        SingleOutputStreamOperator<TelemetrySnapshot> onTime = timed.process(new LateRecords(config.bounds()))
                .name("monitor: late records")
                .uid("monitor-late-records");
        return new Outputs(
                onTime,
                parsed.getSideOutput(ParseTelemetry.DEAD_LETTERS)
                        .union(onTime.getSideOutput(ParseTelemetry.DEAD_LETTERS)));
    }

    /** The input bounds of the options ({@code input.*}). */
    static InputBounds inputBounds(Configuration conf) {
        return new InputBounds(
                conf.get(HclOptions.INPUT_MAX_FUTURE_SKEW),
                conf.get(HclOptions.INPUT_MAX_LATENESS),
                conf.get(HclOptions.INPUT_MAX_METRICS),
                conf.get(HclOptions.INPUT_MAX_LABELS),
                conf.get(HclOptions.INPUT_MAX_RECORD_CHARS),
                conf.get(HclOptions.INPUT_DEAD_LETTER_MAX_BYTES),
                conf.get(HclOptions.INPUT_PERCENT_TOLERANCE),
                conf.get(HclOptions.INPUT_MAX_ABS_VALUE));
    }

    private static ParseTelemetry.Reference inputReference(Configuration conf) {
        return switch (conf.get(HclOptions.INPUT_REFERENCE)) {
            case STREAM -> ParseTelemetry.Reference.STREAM;
            case PROCESSING_TIME -> ParseTelemetry.Reference.PROCESSING_TIME;
            case NONE -> ParseTelemetry.Reference.NONE;
        };
    }
}
