package io.maximus.hcl.models.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesCsvTest {

    @Test
    void parsesEveryTimeFormatToTheSameInstant() {
        long expected = 1_400_000_400L; // 2014-05-13T16:60:00Z = 2014-05-13T17:00:00Z
        assertThat(SeriesCsv.parseEpochSeconds("2014-05-13T17:00:00Z")).isEqualTo(expected);
        assertThat(SeriesCsv.parseEpochSeconds("2014-05-13T19:00:00+02:00")).isEqualTo(expected);
        assertThat(SeriesCsv.parseEpochSeconds("2014-05-13T17:00:00")).isEqualTo(expected);
        assertThat(SeriesCsv.parseEpochSeconds("2014-05-13 17:00:00")).isEqualTo(expected);
        assertThat(SeriesCsv.parseEpochSeconds("1400000400")).isEqualTo(expected);
        assertThat(SeriesCsv.parseEpochSeconds("1400000400000")).isEqualTo(expected);
    }

    @Test
    void resamplesToBinMeansWithGapsAsNaN(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.csv");
        Files.writeString(f, "timestamp,value,flag\n0,1,ok\n300,2,ok\n600,3,ok\n900,,not_logged\n1800,10,ok\n");
        SeriesCsv.Binned b = SeriesCsv.read(f, "timestamp", "value", 900);
        assertThat(b.firstBin()).isZero();
        assertThat(b.values()).hasSize(3);
        assertThat(b.values()[0]).isEqualTo(2.0);
        assertThat(b.values()[1]).isNaN();
        assertThat(b.values()[2]).isEqualTo(10.0);
        assertThat(SeriesCsv.parseDurationSeconds("5m")).isEqualTo(300);
        assertThat(SeriesCsv.parseDurationSeconds("1d")).isEqualTo(86400);
    }
}
