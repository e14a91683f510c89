package io.maximus.hcl.operators.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.DeadLetter;
import io.maximus.hcl.core.InputBounds;
import io.maximus.hcl.core.TelemetrySnapshot;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ParseTelemetryTest {

    @Test
    void validRecordsGoOnAndBadOnesToTheDeadLettersWithTheRawTextAndReason() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, TelemetrySnapshot> h =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new ParseTelemetry()))) {
            h.open();
            h.processElement(new StreamRecord<>(
                    "{\"timestamp\": 1000, \"host\": \"a\", \"service\": \"s\", \"metrics\": {\"cpu_usage\": 1}}"));
            h.processElement(new StreamRecord<>("garbage"));
            h.processElement(new StreamRecord<>("{\"timestamp\": 2000, \"metrics\": {}}"));
            List<TelemetrySnapshot> out = h.extractOutputValues();
            assertThat(out).singleElement().satisfies(s -> {
                assertThat(s.host()).isEqualTo("a");
                assertThat(s.metrics()).containsEntry("cpu_usage", 1.0);
            });
            List<DeadLetter> dead = h.getSideOutput(ParseTelemetry.DEAD_LETTERS).stream()
                    .map(StreamRecord::getValue)
                    .toList();
            assertThat(dead)
                    .extracting(DeadLetter::raw)
                    .containsExactly("garbage", "{\"timestamp\": 2000, \"metrics\": {}}");
            assertThat(dead)
                    .extracting(DeadLetter::reason)
                    .satisfiesExactly(
                            r -> assertThat(r).startsWith("invalid JSON"),
                            r -> assertThat(r).isEqualTo("missing or empty host"));
        }
    }

    @Test
    void withAProcessingTimeReferenceFarFutureRecordsAreDeadLetteredAndHugeOnesCut() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, TelemetrySnapshot> h =
                new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(
                        new ParseTelemetry(InputBounds.DEFAULTS, ParseTelemetry.Reference.PROCESSING_TIME)))) {
            h.open();
            h.setProcessingTime(1_772_431_200_000L);
            h.processElement(new StreamRecord<>("{\"timestamp\": 1772431200000, \"host\": \"a\", \"metrics\": {}}"));
            h.processElement(
                    new StreamRecord<>("{\"timestamp\": \"9999-12-31T00:00:00Z\", \"host\": \"a\", \"metrics\": {}}"));
            h.processElement(new StreamRecord<>("x".repeat(5_000_000)));
            assertThat(h.extractOutputValues()).hasSize(1);
            List<DeadLetter> dead = h.getSideOutput(ParseTelemetry.DEAD_LETTERS).stream()
                    .map(StreamRecord::getValue)
                    .toList();
            assertThat(dead.get(0).reason()).startsWith("timestamp too far in the future");
            assertThat(dead.get(0).truncated()).isFalse();
            assertThat(dead.get(1).reason()).startsWith("record too large");
            assertThat(dead.get(1).truncated()).isTrue();
            assertThat(dead.get(1).originalLength()).isEqualTo(5_000_000L);
            assertThat(dead.get(1).raw()).hasSize(64 * 1024);
        }
    }
}
