package io.keyport.backend.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.model.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Request and response helpers shared by every HTTP service: JSON bodies with limits, forms, params. */
public final class Http {

    public static final String APPLICATION_JSON = "application/json";

    private Http() {
    }

    /** Writes {@code body} as JSON with the given status. */
    public static void json(ServerResponse res, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + body.getClass(), e);
        }
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, APPLICATION_JSON);
        res.send(bytes);
    }

    public static void ok(ServerResponse res, Object body) {
        json(res, Status.OK_200, body);
    }

    /** Answers with a status and no body. */
    public static void empty(ServerResponse res, Status status) {
        res.status(status);
        res.send();
    }

    /** Parses request bodies: a key given twice is an error, not "the last one wins". */
    private static final ObjectReader TREE_READER = Json.mapper().reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * Reads and binds a JSON body. Missing body, malformed JSON, a key given twice, unknown keys,
     * wrong types (including a fraction for an integer) and text containing NUL are 400 with a
     * message naming the field; a body over {@code limit} bytes is 413; a non-JSON content type is
     * 415.
     */
    public static <T> T readJson(ServerRequest req, Class<T> type, long limit) {
        Optional<String> contentType = req.headers().first(HeaderNames.CONTENT_TYPE);
        if (contentType.isPresent()) {
            String ct = contentType.get().toLowerCase(Locale.ROOT);
            if (!ct.startsWith("application/json") && !ct.contains("+json") && !ct.startsWith("text/json")) {
                throw ApiException.of(Status.UNSUPPORTED_MEDIA_TYPE_415, "Content-Type must be application/json", null);
            }
        }
        byte[] body = readBody(req, limit);
        if (body.length == 0) {
            throw ApiException.badRequest("A JSON request body is required");
        }
        JsonNode tree;
        try {
            tree = TREE_READER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Malformed JSON", e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw ApiException.badRequest("A JSON request body is required");
        }
        if (tree.isNull()) {
            throw ApiException.badRequest("A JSON object is required, not null");
        }
        String nul = findNul(tree, "");
        if (nul != null) {
            throw ApiException.badRequest("Text must not contain the NUL character" + (nul.isEmpty() ? "" : " (" + nul + ")"),
                    nul.isEmpty() ? null : Map.of("field", nul));
        }
        try {
            T value = Json.mapper().readerFor(type).readValue(tree);
            if (value == null) {
                throw ApiException.badRequest("A JSON object is required, not null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("attribute " + e.getPropertyName() + " is not defined",
                    Map.of("field", e.getPropertyName()));
        } catch (InvalidFormatException e) {
            throw ApiException.badRequest("Invalid value for " + path(e), Map.of("field", path(e)));
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw ApiException.badRequest(field.isEmpty() ? "The body has the wrong JSON type" : "Wrong type for " + field,
                    field.isEmpty() ? null : Map.of("field", field));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Malformed JSON", e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path of the first key or text value containing U+0000, "" for the root, null when none does. */
    private static String findNul(JsonNode node, String path) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0 ? path : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = findNul(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getKey().indexOf('\0') >= 0) {
                    return path;
                }
                String found = findNul(field.getValue(), child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** Reads the whole body up to {@code limit} bytes, for small JSON and form bodies only. */
    public static byte[] readBody(ServerRequest req, long limit) {
        Optional<Long> declared = req.headers().contentLength().stream().boxed().findFirst();
        if (declared.isPresent() && declared.get() > limit) {
            throw payloadTooLarge(limit);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                ConnectionGuard.progress(req);
                total += n;
                if (total > limit) {
                    throw payloadTooLarge(limit);
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (CloseConnectionException | DataReader.InsufficientDataAvailableException e) {
            // The client closed the connection (or the read timeout did) before the body ended:
            // nobody is left to answer, so the connection just ends, quietly.
            throw new ServerConnectionException("Connection ended inside the request body", e);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            // IllegalArgumentException: Helidon reports a malformed chunk size as a NumberFormatException.
            throw ApiException.badRequest("The request body could not be read");
        }
    }

    private static ApiException payloadTooLarge(long limit) {
        return ApiException.of(Status.REQUEST_ENTITY_TOO_LARGE_413, "Request body too large",
                Map.of("limit_bytes", limit));
    }

    /** Parses an {@code application/x-www-form-urlencoded} body; a repeated key keeps its first value. */
    public static Map<String, String> readForm(ServerRequest req, long limit) {
        Optional<String> contentType = req.headers().first(HeaderNames.CONTENT_TYPE);
        if (contentType.isPresent()
                && !contentType.get().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw ApiException.of(Status.UNSUPPORTED_MEDIA_TYPE_415, "Content-Type must be application/x-www-form-urlencoded", null);
        }
        String body = new String(readBody(req, limit), StandardCharsets.UTF_8);
        Map<String, String> form = new LinkedHashMap<>();
        if (body.isBlank()) {
            return form;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (key.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                    throw ApiException.badRequest("Malformed form body: NUL characters are not allowed");
                }
                form.putIfAbsent(key, value);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("Malformed form body");
            }
        }
        return form;
    }

    /** A path parameter, required by the route. */
    public static String param(ServerRequest req, String name) {
        return req.path().pathParameters().get(name);
    }

    /** An optional ISO-8601 timestamp query parameter; a malformed one is 400 naming it. */
    public static Optional<java.time.Instant> instantQuery(ServerRequest req, String name) {
        return query(req, name).map(value -> {
            try {
                return io.keyport.model.common.Timestamps.parse(value);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(name + " must be an ISO-8601 date-time", Map.of("field", name));
            }
        });
    }

    /** An optional, non-blank query parameter. */
    public static Optional<String> query(ServerRequest req, String name) {
        return req.query().first(name).asOptional().filter(s -> !s.isBlank());
    }
}
