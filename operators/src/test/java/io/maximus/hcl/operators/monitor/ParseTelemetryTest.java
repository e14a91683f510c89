package io.maximus.hcl.operators.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.DeadLetter;
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
}
