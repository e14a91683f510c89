package io.maximus.hcl.knowledge.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One route of the decision API, the single definition from which the server registers its Javalin handler, applies
 * its access rule and writes its entry of the OpenAPI document ({@link OpenApi}).
 *
 * <p>Why a route table and not Javalin's OpenAPI plugin: the plugin's annotations repeat each route's path, method and
 * parameters next to the registration, and nothing checks that the two agree (a renamed parameter keeps its stale
 * annotation); it also adds an annotation processor and a dependency tree to the build. Here the parameters a handler
 * parses are the documented {@link Param}s, the 401 answers follow from the route's {@link Access} that the server
 * enforces, and the test ({@code ApiRoutesTest}) compares the served document with the routes Javalin registered and
 * with the status codes the handlers answer.
 */
final class Route {

    /** Who may call a route. */
    enum Access {
        /** No token (documents, liveness, metrics). */
        PUBLIC,
        /** The token unless the server runs with open reads (decision reads, analytics). */
        READ,
        /** Always the token (writes, approvals, maintenance). */
        GUARDED
    }

    /** A documented answer: status, description and the component schema of its JSON body (null: none). */
    record Response(int status, String description, String schema, String mediaType) {}

    final HandlerType method;
    final String path;
    final String summary;
    final Access access;
    final Handler handler;
    final List<Param<?>> params = new ArrayList<>();
    /** The component schema of the JSON request body, or null when the route takes none. */
    String body;

    private final Map<Integer, Response> responses = new TreeMap<>();

    private Route(HandlerType method, String path, String summary, Access access, Handler handler) {
        this.method = method;
        this.path = path;
        this.summary = summary;
        this.access = access;
        this.handler = handler;
    }

    static Route get(String path, String summary, Access access, Handler handler) {
        return new Route(HandlerType.GET, path, summary, access, handler);
    }

    static Route post(String path, String summary, Access access, Handler handler) {
        return new Route(HandlerType.POST, path, summary, access, handler);
    }

    static Route patch(String path, String summary, Access access, Handler handler) {
        return new Route(HandlerType.PATCH, path, summary, access, handler);
    }

    /** The parameters the handler reads (all through {@link Param#get}). */
    Route params(Param<?>... ps) {
        params.addAll(List.of(ps));
        return this;
    }

    /** The JSON request body's component schema. */
    Route body(String schema) {
        this.body = schema;
        return this;
    }

    /** An answer with a JSON body of this component schema (null: no body described). */
    Route answers(int status, String description, String schema) {
        responses.put(status, new Response(status, description, schema, schema == null ? null : "application/json"));
        return this;
    }

    /** An answer of another media type. */
    Route answers(int status, String description, String schema, String mediaType) {
        responses.put(status, new Response(status, description, schema, mediaType));
        return this;
    }

    /**
     * Every answer of the route: the declared ones, plus those that follow from its definition: 400 when it reads
     * parameters or a body, 413 for a body over the size limit, 401 unless public.
     */
    Map<Integer, Response> responses() {
        Map<Integer, Response> all = new TreeMap<>(responses);
        if (!params.isEmpty() || body != null) {
            all.putIfAbsent(400, new Response(400, "invalid input; nothing was written", "Error", "application/json"));
        }
        if (body != null) {
            all.putIfAbsent(
                    413,
                    new Response(
                            413,
                            "request body over " + ApiServer.MAX_REQUEST_BYTES + " bytes; nothing was written",
                            "Error",
                            "application/json"));
        }
        if (access != Access.PUBLIC) {
            all.putIfAbsent(401, new Response(401, "missing or wrong bearer token", "Error", "application/json"));
        }
        return all;
    }
}
