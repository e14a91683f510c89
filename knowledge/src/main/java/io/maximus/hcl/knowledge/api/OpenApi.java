package io.maximus.hcl.knowledge.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maximus.hcl.core.Json;
import java.util.List;
import java.util.Locale;

/** The OpenAPI 3 document of the decision API, generated from its {@link Route} table. */
final class OpenApi {

    private OpenApi() {}

    /** The document for these routes. */
    static ObjectNode document(List<Route> routes) {
        ObjectNode doc = Schemas.node().put("openapi", "3.0.3");
        doc.putObject("info")
                .put("title", "HCL decision API")
                .put("version", "0.1.0")
                .put(
                        "description",
                        "The knowledge base of the Homeostatic Control Loop: decisions, analytics and approvals."
                                + " Writes, approvals and maintenance need 'Authorization: Bearer <HCL_API_TOKEN>';"
                                + " decision reads need it unless the server runs with open reads. Errors are"
                                + " {\"status\": n, \"message\": \"...\"}. Input the database would refuse (a NUL or"
                                + " lone surrogate in any string, a time outside " + Requests.MIN_TIME + " .. "
                                + Requests.MAX_TIME + ", an over-long string, a non-finite number, malformed JSON,"
                                + " a wrong type) is answered 400 and nothing is written. Generated from the"
                                + " server's route table.");
        ObjectNode components = doc.putObject("components");
        components
                .putObject("securitySchemes")
                .putObject("bearer")
                .put("type", "http")
                .put("scheme", "bearer");
        components.set("schemas", Schemas.components());
        ObjectNode paths = doc.putObject("paths");
        for (Route r : routes) {
            ObjectNode path = paths.has(r.path) ? (ObjectNode) paths.get(r.path) : paths.putObject(r.path);
            path.set(r.method.name().toLowerCase(Locale.ROOT), operation(r));
        }
        return doc;
    }

    private static ObjectNode operation(Route r) {
        ObjectNode op = Schemas.node().put("summary", r.summary);
        op.put("operationId", (r.method.name() + r.path).replaceAll("[^A-Za-z0-9]+", "_"));
        if (r.access == Route.Access.GUARDED) {
            op.putArray("security").addObject().putArray("bearer");
        } else if (r.access == Route.Access.READ) {
            op.put("description", "Needs the bearer token unless the server runs with open reads.");
            op.putArray("security").addObject().putArray("bearer");
            op.withArray("security").addObject(); // anonymous, with open reads
        }
        if (!r.params.isEmpty()) {
            var ps = op.putArray("parameters");
            r.params.forEach(p -> ps.add(p.toOpenApi()));
        }
        if (r.body != null) {
            op.putObject("requestBody")
                    .put("required", true)
                    .putObject("content")
                    .putObject("application/json")
                    .set("schema", Schemas.ref(r.body));
        }
        ObjectNode responses = op.putObject("responses");
        for (Route.Response a : r.responses().values()) {
            ObjectNode res = responses.putObject(Integer.toString(a.status())).put("description", a.description());
            if (a.mediaType() != null) {
                ObjectNode media = res.putObject("content").putObject(a.mediaType());
                boolean json = a.mediaType().equals("application/json");
                media.set(
                        "schema",
                        a.schema() != null
                                ? Schemas.ref(a.schema())
                                : Schemas.node().put("type", json ? "object" : "string"));
            }
        }
        return op;
    }

    /** The document as served. */
    static String json(List<Route> routes) {
        return Json.write(document(routes));
    }
}
