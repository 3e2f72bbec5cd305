package io.keyport.desktop.tokens;

import java.util.Objects;

/**
 * Asks a token to create a key on the device. {@code pinPolicy} and {@code touchPolicy} apply to tokens
 * that have them (YubiKey PIV) and are shown to the key holder; other tokens ignore them.
 */
public record GenerateRequest(String slot, KeyAlgorithm algorithm, PinPolicy pinPolicy, TouchPolicy touchPolicy) {
    public GenerateRequest {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(algorithm, "algorithm");
        pinPolicy = pinPolicy == null ? PinPolicy.DEFAULT : pinPolicy;
        touchPolicy = touchPolicy == null ? TouchPolicy.DEFAULT : touchPolicy;
    }

    /** When the token asks for the PIN before a signature. */
    public enum PinPolicy {
        DEFAULT,
        NEVER,
        ONCE,
        ALWAYS
    }

    /** When the token waits for a touch before a signature. */
    public enum TouchPolicy {
        DEFAULT,
        NEVER,
        ALWAYS,
        CACHED
    }
}
