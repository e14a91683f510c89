package io.maximus.hcl.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written name checks accept exactly what the published patterns accept. */
class TelemetryInvariantsNamesTest {

    private static final String ALPHABET = "aZ09_.-/:é \u0000Ab";

    @Test
    void agreeWithThePatternsOnRandomNames() {
        SplittableRandom r = new SplittableRandom(3);
        Pattern host = Pattern.compile(TelemetryInvariants.HOST);
        Pattern service = Pattern.compile(TelemetryInvariants.SERVICE);
        Pattern metric = Pattern.compile(TelemetryInvariants.METRIC);
        Pattern label = Pattern.compile(TelemetryInvariants.LABEL_KEY);
        for (int i = 0; i < 200_000; i++) {
            int len = r.nextInt(10) == 0 ? r.nextInt(300) : r.nextInt(6);
            StringBuilder b = new StringBuilder();
            for (int j = 0; j < len; j++) {
                b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            }
            String s = b.toString();
            assertThat(TelemetryInvariants.validHost(s))
                    .as(s)
                    .isEqualTo(host.matcher(s).matches());
            assertThat(TelemetryInvariants.validService(s))
                    .as(s)
                    .isEqualTo(service.matcher(s).matches());
            assertThat(TelemetryInvariants.validMetric(s))
                    .as(s)
                    .isEqualTo(metric.matcher(s).matches());
            assertThat(TelemetryInvariants.validLabelKey(s))
                    .as(s)
                    .isEqualTo(label.matcher(s).matches());
        }
        assertThat(TelemetryInvariants.validMetric(null)).isFalse();
        assertThat(TelemetryInvariants.validHost("checkout-1")).isTrue();
        assertThat(TelemetryInvariants.validMetric("cpu_usage")).isTrue();
        assertThat(TelemetryInvariants.validMetric("1cpu")).isFalse();
    }
}
