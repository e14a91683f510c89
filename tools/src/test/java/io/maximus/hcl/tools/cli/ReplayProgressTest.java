package io.maximus.hcl.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.maximus.hcl.core.TelemetrySnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replay's progress line: records, event time reached and rate, printed while the probe counts. */
class ReplayProgressTest {

    @Test
    void formatsRecordsEventTimeAndRates() {
        assertThat(ReplayProgress.line(1200, 1772409600000L, 2400.4, 1999.6))
                .isEqualTo("hcl replay: 1200 records, event time 2026-03-02T00:00:00Z, 2400 records/s (2000 overall)");
        assertThat(ReplayProgress.line(0, Long.MIN_VALUE, 0, 0)).contains("event time -");
    }

    @Test
    void printsWhatTheProbeCounted() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        try (ReplayProgress p = ReplayProgress.start(err, 50)) {
            var probe = ReplayProgress.probe();
            assertThat(probe.filter(new TelemetrySnapshot(1772409600000L, "h-1", "s", Map.of(), Map.of())))
                    .isFalse();
            probe.filter(new TelemetrySnapshot(1772409615000L, "h-2", "s", Map.of(), Map.of()));
            Thread.sleep(300);
        }
        assertThat(buf.toString(StandardCharsets.UTF_8))
                .contains("hcl replay: 2 records, event time 2026-03-02T00:00:15Z");
    }
}
