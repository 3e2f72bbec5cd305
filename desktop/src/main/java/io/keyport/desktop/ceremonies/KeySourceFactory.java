package io.keyport.desktop.ceremonies;

import io.keyport.desktop.tokens.KeySource;
import io.keyport.desktop.tokens.PinSource;
import io.keyport.desktop.tokens.TokenKind;

/**
 * One kind of key source the wizard offers a key holder: its name, what the holder types to point at
 * the token ({@link #locationPrompt()}) and how to open it. The wizard codes against this list only,
 * so a new source (YubiKey PIV) is one more entry in {@link KeySourceFactories#standard()}.
 */
public interface KeySourceFactory {

    TokenKind kind();

    /** The name shown in the source choice, e.g. "PKCS#11 token or HSM". */
    String title();

    /** What the location field asks for, e.g. the module path. */
    String locationPrompt();

    /** True for sources fit for rehearsals only (key files): the wizard warns in every step. */
    default boolean rehearsalOnly() {
        return false;
    }

    /** Opens the source at {@code location}; may ask {@code pin} and throw a {@code TokenException}. */
    KeySource open(String location, PinSource pin);
}
