package io.maximus.hcl.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The one reader of secrets (database passwords, the API token, actuator credentials): only from the environment or
 * from mounted files, never from options, flags or plan files.
 *
 * <p>For a secret called {@code NAME}: the variable {@code NAME} gives the value directly; else {@code NAME_FILE} names
 * a file (a mounted Kubernetes/Docker secret) whose content, without trailing whitespace (the final newline), is the
 * value; else a file named by configuration (e.g. the job's {@code jdbc.password-file}) when one is given. The variable
 * wins over the files so that an override for one run needs no change to what is mounted. Blank values count as unset.
 */
public final class Secrets {

    private Secrets() {}

    /** The secret {@code name} from {@code env}: {@code NAME}, else the file named by {@code NAME_FILE}, else null. */
    public static String read(Map<String, String> env, String name) {
        return read(env, name, null);
    }

    /**
     * The secret {@code name} from {@code env}, else from {@code configuredFile} (null or blank: none); null if unset.
     */
    public static String read(Map<String, String> env, String name, String configuredFile) {
        String v = env.get(name);
        if (v != null && !v.isEmpty()) {
            return v;
        }
        String file = env.get(name + "_FILE");
        if (file != null && !file.isBlank()) {
            return fromFile(file, name + "_FILE");
        }
        if (configuredFile != null && !configuredFile.isBlank()) {
            return fromFile(configuredFile, "the configured file of " + name);
        }
        return null;
    }

    /** {@link #read(Map, String, String)} from the process environment, or {@code ""} when unset. */
    public static String fromEnvironment(String name, String configuredFile) {
        String v = read(System.getenv(), name, configuredFile);
        return v == null ? "" : v;
    }

    private static String fromFile(String file, String what) {
        try {
            String s = Files.readString(Path.of(file), StandardCharsets.UTF_8).stripTrailing();
            return s.isEmpty() ? null : s;
        } catch (IOException e) {
            // The path may be told; the content never is.
            throw new UncheckedIOException("cannot read the secret file named by " + what + ": " + file, e);
        }
    }
}
