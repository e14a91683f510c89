package io.maximus.hcl.sinks.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads secrets only from the environment or from mounted files, never from flags or plan files.
 *
 * <p>{@code NAME} gives the value directly; {@code NAME_FILE} names a file (a mounted Kubernetes/Docker secret)
 * whose content, trimmed of the final newline, is the value. The file wins when both are set.
 */
public final class Secrets {

    private Secrets() {
    }

    /** The secret called {@code name} from {@code env}, or null when neither form is set. */
    public static String read(Map<String, String> env, String name) {
        String file = env.get(name + "_FILE");
        if (file != null && !file.isBlank()) {
            try {
                return Files.readString(Path.of(file), StandardCharsets.UTF_8).stripTrailing();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read secret file named by " + name + "_FILE", e);
            }
        }
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
