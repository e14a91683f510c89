package io.maximus.hcl.knowledge.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.function.Function;

/**
 * A query or path parameter of a {@link Route}: how the OpenAPI document describes it and the one parser every handler
 * reads it with, so the two cannot disagree. Every value is first checked as text ({@link Requests#checkText}: no NUL,
 * no lone surrogate, bounded length), then parsed; any refusal is a 400.
 *
 * @param <T> the parsed type
 */
final class Param<T> {

    /** Where the parameter is. */
    enum In {
        QUERY,
        PATH
    }

    final String name;
    final In in;
    final String description;
    final ObjectNode schema;
    /** A value the parser refuses with 400 (the route test sends it); a NUL is refused for every parameter too. */
    final String invalidExample;

    private final Function<String, T> parse;

    Param(String name, In in, String description, ObjectNode schema, String invalidExample, Function<String, T> parse) {
        this.name = name;
        this.in = in;
        this.description = description;
        this.schema = schema;
        this.invalidExample = invalidExample;
        this.parse = parse;
    }

    /** A query parameter. */
    static <T> Param<T> query(
            String name, String description, ObjectNode schema, String invalidExample, Function<String, T> parse) {
        return new Param<>(name, In.QUERY, description, schema, invalidExample, parse);
    }

    /** A path parameter (always required). */
    static <T> Param<T> path(
            String name, String description, ObjectNode schema, String invalidExample, Function<String, T> parse) {
        return new Param<>(name, In.PATH, description, schema, invalidExample, parse);
    }

    /** The parsed value; null when a query parameter is absent. Throws a 400 {@link ApiException} when invalid. */
    T get(Context ctx) {
        String raw = in == In.PATH ? ctx.pathParam(name) : ctx.queryParam(name);
        if (raw == null) {
            return null;
        }
        Requests.checkText(raw, name, Requests.NAME_MAX);
        return parse.apply(raw);
    }

    /** {@link #get}, or {@code dflt} when absent. */
    T get(Context ctx, T dflt) {
        T v = get(ctx);
        return v == null ? dflt : v;
    }

    /** The OpenAPI parameter object. */
    ObjectNode toOpenApi() {
        ObjectNode p = Schemas.node().put("name", name).put("in", in.name().toLowerCase(java.util.Locale.ROOT));
        if (in == In.PATH) {
            p.put("required", true);
        }
        if (description != null) {
            p.put("description", description);
        }
        p.set("schema", schema);
        return p;
    }
}
