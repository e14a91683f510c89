package io.maximus.hcl.sinks.actuate;

import io.maximus.hcl.core.Secrets;
import java.util.Map;

/** Typed reads of {@code HCL_*} environment variables for the actuators' options, with defaults. */
public final class Env {

    private final Map<String, String> env;

    /** Reads from the given map (the process environment in production, a plain map in tests). */
    public Env(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The process environment. */
    public static Env system() {
        return new Env(System.getenv());
    }

    /** A string option, or the default. */
    public String string(String name, String dflt) {
        String v = env.get(name);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    /** An integer option, or the default. */
    public int integer(String name, int dflt) {
        String v = env.get(name);
        try {
            return v == null || v.isBlank() ? dflt : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'");
        }
    }

    /** A boolean option, or the default ({@code true}, {@code 1}, {@code yes} are true). */
    public boolean bool(String name, boolean dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        String s = v.trim().toLowerCase(java.util.Locale.ROOT);
        return s.equals("true") || s.equals("1") || s.equals("yes");
    }

    /** A secret: {@code NAME} or the file named by {@code NAME_FILE} (see {@link Secrets}, the one secrets reader). */
    public String secret(String name) {
        return Secrets.read(env, name);
    }
}
