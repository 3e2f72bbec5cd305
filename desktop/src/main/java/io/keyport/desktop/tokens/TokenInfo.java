package io.keyport.desktop.tokens;

import java.util.Objects;

/**
 * What a ceremony records about a token: its kind, a label a person recognises, the serial number and
 * firmware (or library and model for PKCS#11), and whether it is only fit for rehearsals.
 */
public record TokenInfo(TokenKind kind, String label, String serial, String firmware, boolean rehearsalOnly) {
    public TokenInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(label, "label");
        serial = serial == null ? "" : serial;
        firmware = firmware == null ? "" : firmware;
    }
}
