package io.maximus.hcl.sinks.actuate;

/**
 * Whether an executed action is visible on the system when read back.
 *
 * @param ok whether the system shows the effect
 * @param detail what was read back
 */
public record Verification(boolean ok, String detail) {

    /** The effect is there. */
    public static Verification ok(String detail) {
        return new Verification(true, detail);
    }

    /** The effect is not there (or could not be read). */
    public static Verification failed(String detail) {
        return new Verification(false, detail);
    }
}
