package io.maximus.hcl.sinks.actuate;

import io.maximus.hcl.core.Action;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed reads of an action's parameters (they arrive from JSON as numbers, strings, lists and maps). */
public final class Params {

    private Params() {}

    /** Whether the action has the parameter. */
    public static boolean has(Action a, String name) {
        return a.params().get(name) != null;
    }

    /** An integer parameter; throws {@link IllegalArgumentException} if it is missing or not a whole number. */
    public static int integer(Action a, String name) {
        Object v = a.params().get(name);
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " must be a whole number, got " + v);
            }
            return (int) d;
        }
        if (v instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, got '" + s + "'");
            }
        }
        throw new IllegalArgumentException("missing parameter " + name);
    }

    /** An integer parameter with a default. */
    public static int integer(Action a, String name, int dflt) {
        return has(a, name) ? integer(a, name) : dflt;
    }

    /** A numeric parameter; throws if missing or not a number. */
    public static double number(Action a, String name) {
        Object v = a.params().get(name);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, got '" + s + "'");
            }
        }
        throw new IllegalArgumentException("missing parameter " + name);
    }

    /** A numeric parameter with a default. */
    public static double number(Action a, String name, double dflt) {
        return has(a, name) ? number(a, name) : dflt;
    }

    /** A string parameter, or the default when absent. */
    public static String string(Action a, String name, String dflt) {
        Object v = a.params().get(name);
        return v == null ? dflt : v.toString();
    }

    /** A boolean parameter, or the default when absent. */
    public static boolean bool(Action a, String name, boolean dflt) {
        Object v = a.params().get(name);
        if (v == null) {
            return dflt;
        }
        return v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString().trim());
    }

    /** A list-of-strings parameter (empty when absent). */
    public static List<String> strings(Action a, String name) {
        Object v = a.params().get(name);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
        } else if (v != null) {
            throw new IllegalArgumentException(name + " must be a list");
        }
        return out;
    }

    /** A map parameter with string keys and the values' string forms (empty when absent), in input order. */
    public static Map<String, String> map(Action a, String name) {
        Object v = a.params().get(name);
        Map<String, String> out = new LinkedHashMap<>();
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, val) -> out.put(String.valueOf(k), String.valueOf(val)));
        } else if (v != null) {
            throw new IllegalArgumentException(name + " must be an object");
        }
        return out;
    }
}
