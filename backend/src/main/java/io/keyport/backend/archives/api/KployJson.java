package io.keyport.backend.archives.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.keyport.model.common.Json;
import java.io.IOException;

/**
 * kploy's JSON bytes: its registry (Tornado) wrote bodies with Python's {@code json.dumps}, which
 * separates with {@code ": "} and {@code ", "} on one line. The upload answer of the README is
 * therefore 203 bytes for registry.kploy.net, and so is Keyport's.
 */
final class KployJson {

    private static final ObjectWriter WRITER = Json.mapper().writer(new PythonSeparators());

    private KployJson() {}

    static byte[] bytes(Object body) {
        try {
            return WRITER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + body.getClass(), e);
        }
    }

    /** One line, {@code ": "} after a key and {@code ", "} between entries. */
    private static final class PythonSeparators extends MinimalPrettyPrinter {
        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }
}
