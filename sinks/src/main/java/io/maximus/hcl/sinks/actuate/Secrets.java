package io.maximus.hcl.sinks.actuate;

import java.util.Map;

/**
 * Deprecated name of {@link io.maximus.hcl.core.Secrets}, the one secrets reader; kept only while the execute stage's
 * classes still import it from here (they move to the operators module in the same change).
 */
@Deprecated
public final class Secrets {

    private Secrets() {
    }

    /** See {@link io.maximus.hcl.core.Secrets#read(Map, String)}. */
    public static String read(Map<String, String> env, String name) {
        return io.maximus.hcl.core.Secrets.read(env, name);
    }
}
