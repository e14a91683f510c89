package io.maximus.hcl.operators.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.DeadLetter;
import io.maximus.hcl.core.InputBounds;
import io.maximus.hcl.core.TelemetryParser;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LateRecordsTest {

    private static TelemetrySnapshot at(long t) {
        return TelemetryParser.parse("{\"timestamp\": " + t + ", \"host\": \"a\", \"metrics\": {\"cpu_usage\": 1}}")
                .snapshot();
    }

    @Test
    void recordsAtOrBehindTheWatermarkAreDeadLetteredWithTheReason() throws Exception {
        try (OneInputStreamOperatorTestHarness<TelemetrySnapshot, TelemetrySnapshot> h =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new LateRecords(InputBounds.DEFAULTS)))) {
            h.open();
            h.processElement(new StreamRecord<>(at(1000), 1000));
            h.processWatermark(new Watermark(5000));
            h.processElement(new StreamRecord<>(at(5000), 5000));
            h.processElement(new StreamRecord<>(at(4000), 4000));
            h.processElement(new StreamRecord<>(at(5001), 5001));
            assertThat(h.extractOutputValues())
                    .extracting(TelemetrySnapshot::timestamp)
                    .containsExactly(1000L, 5001L);
            List<DeadLetter> dead = h.getSideOutput(ParseTelemetry.DEAD_LETTERS).stream()
                    .map(StreamRecord::getValue)
                    .toList();
            assertThat(dead).hasSize(2);
            assertThat(dead.get(1).reason())
                    .startsWith("late: event time 1970-01-01T00:00:04Z is 1000 ms behind the watermark");
            assertThat(dead.get(1).raw()).contains("\"host\"");
        }
    }

    @Test
    void theStreamReferenceRefusesOneYear9999RecordAndKeepsTheStream() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, TelemetrySnapshot> h = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new ParseTelemetry(InputBounds.DEFAULTS, ParseTelemetry.Reference.STREAM)))) {
            h.open();
            h.setProcessingTime(1_790_000_000_000L);
            h.processElement(new StreamRecord<>("{\"timestamp\": 1772431200000, \"host\": \"a\", \"metrics\": {}}"));
            h.processElement(
                    new StreamRecord<>("{\"timestamp\": \"9999-12-31T00:00:00Z\", \"host\": \"a\", \"metrics\": {}}"));
            h.processElement(new StreamRecord<>("{\"timestamp\": 1772431215000, \"host\": \"a\", \"metrics\": {}}"));
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(h.getSideOutput(ParseTelemetry.DEAD_LETTERS))
                    .singleElement()
                    .satisfies(r -> assertThat(r.getValue().reason()).contains("ahead of processing time"));
        }
    }
}
