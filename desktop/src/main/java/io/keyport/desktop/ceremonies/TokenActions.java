package io.keyport.desktop.ceremonies;

import io.keyport.desktop.ceremony.CeremonyException;
import io.keyport.desktop.tokens.GenerateRequest;
import io.keyport.desktop.tokens.KeySource;
import io.keyport.desktop.tokens.PinSource;
import io.keyport.desktop.tokens.TokenException;
import io.keyport.desktop.tokens.TokenKey;
import io.keyport.desktop.tokens.TokenKind;
import io.keyport.desktop.tokens.piv.YubiKeyPivSource;
import java.util.Arrays;
import java.util.Locale;

/**
 * The wizard's YubiKey actions besides keys and signatures: the PIN and touch policies in words (the
 * choice offered when a key is generated, and what the card reports for a key), and changing or
 * unblocking the PIN through the same {@link YubiKeyPivSource} operations as {@code ceremony change-pin}
 * and {@code ceremony unblock-pin}. Nothing here is recorded in the ceremony.
 */
final class TokenActions {

    private TokenActions() {}

    /** A PIN policy as the wizard offers it; {@code DEFAULT} is the card's (always: every signature, slot 9c). */
    static String describe(GenerateRequest.PinPolicy policy) {
        return switch (policy) {
            case DEFAULT -> "default (always)";
            case ALWAYS -> "always";
            case ONCE -> "once";
            case NEVER -> "never";
        };
    }

    /** A touch policy as the wizard offers it; {@code DEFAULT} is the card's (never). */
    static String describe(GenerateRequest.TouchPolicy policy) {
        return switch (policy) {
            case DEFAULT -> "default (never)";
            case ALWAYS -> "always";
            case CACHED -> "cached (15 s)";
            case NEVER -> "never";
        };
    }

    /** What a YubiKey reports for {@code key}; empty for tokens without PIV policies. */
    static String reportedPolicy(String holder, KeySource token, TokenKey key) {
        if (!(token instanceof YubiKeyPivSource yubiKey)) {
            return "";
        }
        return yubiKey.policy(key)
                .map(p -> holder + ": the YubiKey reports PIN " + lower(p.pinPolicy()) + ", touch "
                        + lower(p.touchPolicy())
                        + (p.generatedOnCard()
                                ? ", key generated on the card"
                                : ", key IMPORTED (not generated on the card)"))
                .orElse(holder + ": this YubiKey (firmware before 5.3) does not report its key's policies");
    }

    static String changePin(
            KeySourceFactory factory, String where, PinSource pins, char[] current, char[] newPin, char[] repeat) {
        try (YubiKeyPivSource yubiKey = yubiKey(factory, where, pins, newPin, repeat)) {
            yubiKey.changePin(current, newPin);
            return "The PIN of YubiKey " + yubiKey.serial() + " is changed; sign with the new PIN";
        } finally {
            clear(current, newPin, repeat);
        }
    }

    static String unblockPin(
            KeySourceFactory factory, String where, PinSource pins, char[] puk, char[] newPin, char[] repeat) {
        try (YubiKeyPivSource yubiKey = yubiKey(factory, where, pins, newPin, repeat)) {
            try {
                yubiKey.unblockPin(puk, newPin);
            } catch (TokenException e) {
                if (e.reason() == TokenException.Reason.WRONG_PIN) {
                    throw new CeremonyException(
                            "Wrong PUK (" + e.triesLeft() + " tries left before the PUK blocks too). Next: enter"
                                    + " the PUK again carefully; if it blocks, this YubiKey's keys are lost and"
                                    + " the key holder's key must be replaced in root.",
                            e);
                }
                throw e;
            }
            return "The PIN of YubiKey " + yubiKey.serial() + " is unblocked and set anew (" + yubiKey.pinTriesLeft()
                    + " tries); sign again with the new PIN";
        } finally {
            clear(puk, newPin, repeat);
        }
    }

    private static YubiKeyPivSource yubiKey(
            KeySourceFactory factory, String where, PinSource pins, char[] newPin, char[] repeat) {
        if (factory == null || factory.kind() != TokenKind.YUBIKEY_PIV) {
            throw new CeremonyException("PIN changes here are for YubiKeys: choose \"YubiKey (PIV)\" as the key"
                    + " source (PKCS#11 tokens: use the token's own tool, e.g. pkcs11-tool --change-pin)");
        }
        if (newPin == null || repeat == null || !Arrays.equals(newPin, repeat)) {
            throw new CeremonyException("the new PIN and its repetition differ: type both again");
        }
        KeySource opened = factory.open(where, pins);
        if (opened instanceof YubiKeyPivSource yubiKey) {
            return yubiKey;
        }
        opened.close();
        throw new CeremonyException("the key source did not open a YubiKey");
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static void clear(char[]... secrets) {
        for (char[] secret : secrets) {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
    }
}
