package io.keyport.model.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The only scalar coercions Keyport accepts, for the Kio fields whose clients send text: kio-cli's
 * {@code kio app create ID k=v...} sends every value as a JSON string (swagger1st coerced them), and
 * {@code kio app update} sends {@code criticality_level} back as a string. Everywhere else the
 * shared mapper ({@link Json}) accepts only the JSON type itself.
 */
public final class KioCoercion {

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,10}");

    private KioCoercion() {}

    /** A JSON boolean, or the string {@code "true"} or {@code "false"} exactly. */
    public static final class TextBoolean extends JsonDeserializer<Boolean> {
        @Override
        public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                return t == JsonToken.VALUE_TRUE;
            }
            if (t == JsonToken.VALUE_STRING) {
                String text = p.getText();
                if (text.equals("true") || text.equals("false")) {
                    return text.equals("true");
                }
                return (Boolean) ctxt.handleWeirdStringValue(Boolean.class, text, "only true or false");
            }
            return (Boolean) ctxt.handleUnexpectedToken(Boolean.class, p);
        }
    }

    /** A JSON integer, or a string of decimal digits with an optional minus sign. */
    public static final class TextInteger extends JsonDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NUMBER_INT) {
                if (p.getNumberType() != JsonParser.NumberType.INT) {
                    return (Integer) ctxt.handleWeirdNumberValue(Integer.class, p.getNumberValue(), "out of range");
                }
                return p.getIntValue();
            }
            if (t == JsonToken.VALUE_STRING) {
                String text = p.getText();
                if (INTEGER.matcher(text).matches()) {
                    long value = Long.parseLong(text);
                    if (value == (int) value) {
                        return (int) value;
                    }
                }
                return (Integer) ctxt.handleWeirdStringValue(Integer.class, text, "not an integer");
            }
            return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
        }
    }
}
