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
import io.keyport.model.common.CanonicalJson;
import io.keyport.model.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Request and response helpers shared by every HTTP service: JSON bodies with limits, forms, params. */
public final class Http {

    public static final String APPLICATION_JSON = "application/json";

    private Http() {}

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

    /**
     * A body built once and served many times (the chart index, every package), held in slices of
     * at most {@link #SLICE} bytes, each its own array. Helidon's {@code send(byte[])} copies a body
     * whole into one response buffer with the headers (for the 13 MB index of 20,000 chart versions
     * a 13 MB allocation and copy per request); {@link #send(ServerResponse, Prebuilt)} writes the
     * slices as they are. Each slice starts at index 0 of its array: Helidon 4.3.0's
     * {@code FixedBufferData.writeTo} writes {@code (bytes, readPosition, writePosition)}, so a
     * write from an offset other than 0 sends the wrong bytes (decision 0045).
     */
    public record Prebuilt(java.util.List<byte[]> slices, long length) {

        /** The slice size. */
        public static final int SLICE = 1 << 20;

        public Prebuilt {
            slices = java.util.List.copyOf(slices);
        }

        /** {@code bytes} in slices (copied once). */
        public static Prebuilt of(byte[] bytes) {
            java.util.List<byte[]> slices = new java.util.ArrayList<>();
            for (int off = 0; off < bytes.length || slices.isEmpty(); off += SLICE) {
                slices.add(java.util.Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + SLICE)));
            }
            return new Prebuilt(slices, bytes.length);
        }

        /** The whole body in one array (a copy). */
        public byte[] bytes() {
            byte[] all = new byte[Math.toIntExact(length)];
            int at = 0;
            for (byte[] slice : slices) {
                System.arraycopy(slice, 0, all, at, slice.length);
                at += slice.length;
            }
            return all;
        }
    }

    /** Writes {@code body} with its {@code Content-Length}, slice by slice, without copying it. */
    public static void send(ServerResponse res, Prebuilt body) {
        if (body.slices().size() == 1) {
            res.send(body.slices().getFirst());
            return;
        }
        res.headers().contentLength(body.length());
        try (java.io.OutputStream out = res.outputStream()) {
            for (byte[] slice : body.slices()) {
                out.write(slice, 0, slice.length);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
    private static final ObjectReader TREE_READER =
            Json.mapper().reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * Reads and binds a JSON body. Missing body, malformed JSON, a key given twice, unknown keys,
     * wrong types (including a fraction for an integer, a number for text, a number or a string for
     * a boolean, except where {@link io.keyport.model.common.KioCoercion} allows it), text containing
     * NUL or an unpaired surrogate, and a body that is not strict UTF-8 (malformed or overlong
     * sequences, encoded surrogates, a byte order mark, UTF-16 or UTF-32) are 400 with a message
     * naming the field; a body over {@code limit} bytes is 413; a non-JSON content type or a charset
     * other than UTF-8 is 415.
     */
    public static <T> T readJson(ServerRequest req, Class<T> type, long limit) {
        Optional<String> contentType = req.headers().first(HeaderNames.CONTENT_TYPE);
        if (contentType.isPresent()) {
            String ct = contentType.get().toLowerCase(Locale.ROOT);
            if (!ct.startsWith("application/json") && !ct.contains("+json") && !ct.startsWith("text/json")) {
                throw ApiException.of(Status.UNSUPPORTED_MEDIA_TYPE_415, "Content-Type must be application/json", null);
            }
            if (!utf8Charset(ct)) {
                throw ApiException.of(
                        Status.UNSUPPORTED_MEDIA_TYPE_415, "The JSON body must be UTF-8 (charset=utf-8 or none)", null);
            }
        }
        return parseJson(readBody(req, limit), type);
    }

    /**
     * Parses and binds a JSON request body ({@link #parseJsonBody}, then the record's own types).
     * Anything the body gets wrong is a 400 {@link ApiException}; this never throws anything else.
     */
    public static <T> T parseJson(byte[] body, Class<T> type) {
        JsonNode tree = parseJsonBody(body);
        try {
            T value = Json.mapper().readerFor(type).readValue(tree);
            if (value == null) {
                throw ApiException.badRequest("A JSON object is required, not null");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest(
                    "attribute " + e.getPropertyName() + " is not defined", Map.of("field", e.getPropertyName()));
        } catch (InvalidFormatException e) {
            throw ApiException.badRequest("Invalid value for " + path(e), Map.of("field", path(e)));
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw ApiException.badRequest(
                    field.isEmpty() ? "The body has the wrong JSON type" : "Wrong type for " + field,
                    field.isEmpty() ? null : Map.of("field", field));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Malformed JSON", malformed(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a request body as one JSON value that is not null: strict UTF-8 without a byte order
     * mark, no duplicate keys, no NUL and no unpaired surrogate in any key or text. Anything else is
     * a 400 ({@link ApiException}); this never throws anything else.
     */
    public static JsonNode parseJsonBody(byte[] body) {
        String text = strictUtf8(body);
        if (text.isBlank()) {
            throw ApiException.badRequest("A JSON request body is required");
        }
        JsonNode tree;
        try {
            tree = TREE_READER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Malformed JSON", malformed(e));
        }
        if (tree == null || tree.isMissingNode()) {
            throw ApiException.badRequest("A JSON request body is required");
        }
        if (tree.isNull()) {
            throw ApiException.badRequest("A JSON object is required, not null");
        }
        InvalidText invalid = findInvalidText(tree, "");
        if (invalid != null) {
            throw ApiException.badRequest(
                    "Text must not contain " + invalid.what()
                            + (invalid.path().isEmpty() ? "" : " (" + invalid.path() + ")"),
                    invalid.path().isEmpty() ? null : Map.of("field", invalid.path()));
        }
        return tree;
    }

    /**
     * What is wrong with a malformed body, in the parser's words but without its internals: Jackson
     * names the Java type it bound to and its own feature flags, which are no business of a client.
     */
    static String malformed(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return null;
        }
        if (message.startsWith("Trailing token")) {
            return "More JSON follows the first value; a body holds exactly one JSON value";
        }
        return message.replaceAll(" ?\\(bound as `[^`]*`\\)", "")
                .replaceAll("`[A-Za-z_$][\\w$]*(\\.[\\w$]+)+`", "a value");
    }

    /** Whether a (lower-cased) Content-Type names no charset or UTF-8. */
    private static boolean utf8Charset(String contentType) {
        for (String parameter : contentType.split(";")) {
            String p = parameter.trim();
            if (p.startsWith("charset=")) {
                String charset =
                        p.substring("charset=".length()).replace("\"", "").trim();
                return charset.equals("utf-8") || charset.equals("utf8");
            }
        }
        return true;
    }

    /**
     * Decodes strict UTF-8 (RFC 8259 section 8.1): the JDK decoder refuses malformed and overlong
     * sequences, encoded surrogates and code points above U+10FFFF. A byte order mark, and NUL bytes
     * (never valid anywhere in JSON text, but the tell of UTF-16 and UTF-32) are refused first, so
     * that no other encoding is guessed.
     */
    private static String strictUtf8(byte[] body) {
        if (body.length >= 3 && body[0] == (byte) 0xef && body[1] == (byte) 0xbb && body[2] == (byte) 0xbf) {
            throw ApiException.badRequest("The JSON body must be UTF-8 without a byte order mark");
        }
        if ((body.length >= 2 && (body[0] == (byte) 0xfe || body[0] == (byte) 0xff)) || indexOfNul(body) >= 0) {
            throw ApiException.badRequest("The JSON body must be UTF-8, not UTF-16 or UTF-32");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("The JSON body is not valid UTF-8");
        }
    }

    private static int indexOfNul(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** What is wrong with a key or text value, and where ("" for the root). */
    private record InvalidText(String path, String what) {}

    /** The first key or text value holding U+0000 or an unpaired surrogate, null when none does. */
    private static InvalidText findInvalidText(JsonNode node, String path) {
        if (node.isTextual()) {
            String what = invalidText(node.textValue());
            return what == null ? null : new InvalidText(path, what);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                InvalidText found = findInvalidText(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                String what = invalidText(field.getKey());
                if (what != null) {
                    return new InvalidText(path, what);
                }
                InvalidText found = findInvalidText(field.getValue(), child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** "the NUL character", "an unpaired surrogate", or null for text that is fine. */
    private static String invalidText(String text) {
        if (text.indexOf('\0') >= 0) {
            return "the NUL character";
        }
        return CanonicalJson.hasUnpairedSurrogate(text) ? "an unpaired surrogate" : null;
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** The body stream {@link #body} handed out for a request, kept in the request's context. */
    record BodyStream(InputStream in) {}

    /**
     * The request body as a stream, for handlers that read it themselves. Whatever a handler
     * leaves unread (a limit passed mid-stream, an error answered half-way) is read from this same
     * stream by {@link TransportFilter} before the connection closes, so the client still sending
     * sees the answer instead of a reset. Helidon hands out a body's stream only once, so every
     * handler takes it here.
     */
    public static InputStream body(ServerRequest req) {
        InputStream in = req.content().inputStream();
        req.context().register(new BodyStream(in));
        return in;
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
        try (InputStream in = body(req)) {
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
        return ApiException.of(
                Status.REQUEST_ENTITY_TOO_LARGE_413, "Request body too large", Map.of("limit_bytes", limit));
    }

    /** Parses an {@code application/x-www-form-urlencoded} body; a repeated key keeps its first value. */
    public static Map<String, String> readForm(ServerRequest req, long limit) {
        Optional<String> contentType = req.headers().first(HeaderNames.CONTENT_TYPE);
        if (contentType.isPresent()
                && !contentType.get().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw ApiException.of(
                    Status.UNSUPPORTED_MEDIA_TYPE_415, "Content-Type must be application/x-www-form-urlencoded", null);
        }
        return parseForm(readBody(req, limit));
    }

    /**
     * Parses an {@code application/x-www-form-urlencoded} body; a repeated key keeps its first
     * value. Malformed percent-encoding and NUL are a 400 {@link ApiException}, never anything else.
     */
    public static Map<String, String> parseForm(byte[] bytes) {
        String body = new String(bytes, StandardCharsets.UTF_8);
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
        return query(req, name).map(value -> instant(name, value));
    }

    /** A parameter's ISO-8601 timestamp; anything else is 400 naming it. */
    public static java.time.Instant instant(String name, String value) {
        try {
            return io.keyport.model.common.Timestamps.parse(value);
        } catch (RuntimeException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 date-time", Map.of("field", name));
        }
    }

    /** A parameter's decimal integer (a long); anything else is 400 naming it. */
    public static long number(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number", Map.of("field", name));
        }
    }

    /** A parameter's {@code true} or {@code false}, in any case; anything else is 400 naming it. */
    public static boolean bool(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest(name + " must be true or false", Map.of("field", name));
        };
    }

    /** An optional, non-blank query parameter. */
    public static Optional<String> query(ServerRequest req, String name) {
        return req.query().first(name).asOptional().filter(s -> !s.isBlank());
    }
}
