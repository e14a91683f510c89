package io.maximus.hcl.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @Test
    void variableThenItsFileThenTheConfiguredFile(@TempDir Path dir) throws Exception {
        Path mounted = dir.resolve("mounted");
        Files.writeString(mounted, "from-mount\n");
        Path configured = dir.resolve("configured");
        Files.writeString(configured, "from-option\n\n");

        assertThat(Secrets.read(Map.of("P", "direct", "P_FILE", mounted.toString()), "P", configured.toString()))
                .isEqualTo("direct");
        assertThat(Secrets.read(Map.of("P_FILE", mounted.toString()), "P", configured.toString()))
                .isEqualTo("from-mount");
        assertThat(Secrets.read(Map.of("P", ""), "P", configured.toString())).isEqualTo("from-option");
        assertThat(Secrets.read(Map.of(), "P", "")).isNull();
        assertThat(Secrets.read(Map.of("P_FILE", " "), "P")).isNull();
    }

    @Test
    void anUnreadableFileFailsWithoutTellingTheSecret(@TempDir Path dir) {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> Secrets.read(Map.of("P_FILE", missing.toString()), "P"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("P_FILE");
    }
}
