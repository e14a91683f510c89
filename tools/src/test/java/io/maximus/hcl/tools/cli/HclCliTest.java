package io.maximus.hcl.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HclCliTest {

    @Test
    void badInputIsOneLineAndStatusTwoNotAStackTrace(@TempDir Path dir) {
        Path out = dir.resolve("fleet.jsonl");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = HclCli.run(
                    "generate",
                    "--hours",
                    "1",
                    "--output",
                    out.toString(),
                    "--incident",
                    "cpu_spike:checkout:2h30m:10m");
        } finally {
            System.setErr(saved);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(status).isEqualTo(2);
        assertThat(text).startsWith("hcl generate: ").contains("not a duration").doesNotContain("\tat ");
        assertThat(Files.exists(out)).isFalse();
    }
}
