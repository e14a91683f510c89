package io.maximus.hcl.knowledge.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maximus.hcl.core.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's answers to what never reaches a route (a request line Jetty refuses, such as an encoded NUL in the path) in
 * the API's JSON error form instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    static String body(int status, String message) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("status", status).put("message", message);
        return Json.write(n);
    }

    private static String message(int status, String reason) {
        return reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(
                body(status, "bad request: " + message(status, reason)).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateAcceptableResponse(
            Request baseRequest, HttpServletRequest request, HttpServletResponse response, int code, String message)
            throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body(code, message(code, message)));
    }
}
