package dev.portico.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.portico.gateway.config.ConfigProblem;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Arrays;
import java.util.List;

/** The admin API's JSON: one mapper, and the shapes of answers and errors. */
final class ApiJson {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ApiJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static FullHttpResponse reply(HttpResponseStatus status, JsonNode body) {
        try {
            byte[] bytes = MAPPER.writeValueAsBytes(body);
            byte[] withNewline = Arrays.copyOf(bytes, bytes.length + 1);
            withNewline[bytes.length] = '\n';
            return AdminResponses.of(status, "application/json", withNewline);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {"error": "...", "problems": ["file:key: problem", ...]}}. */
    static FullHttpResponse error(HttpResponseStatus status, String message, List<ConfigProblem> problems) {
        ObjectNode o = object().put("error", message);
        if (!problems.isEmpty()) {
            ArrayNode a = o.putArray("problems");
            problems.forEach(p -> a.add(p.toString()));
        }
        return reply(status, o);
    }

    static FullHttpResponse error(HttpResponseStatus status, String message) {
        return error(status, message, List.of());
    }

    /** 405 with the methods the path answers. */
    static FullHttpResponse methodNotAllowed(String allow) {
        FullHttpResponse res = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed here (expected "
                + allow + ")");
        res.headers().set(HttpHeaderNames.ALLOW, allow);
        return res;
    }
}
