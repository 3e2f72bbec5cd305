package io.keyport.desktop.tokens.piv;

import io.keyport.desktop.tokens.TokenException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactory;

/**
 * Finds inserted YubiKeys among the PC/SC readers and opens one. A YubiKey shows up as its own reader
 * ("Yubico YubiKey OTP+FIDO+CCID 00 00"); a YubiKey on an NFC reader is not listed (ceremonies use USB).
 *
 * <p>Without a PC/SC service ({@code pcscd} not running) the JDK reports no readers at all, or fails
 * with {@code SCARD_E_NO_SERVICE}: both read as "no YubiKey inserted", and {@link #open(String,
 * PivTrustAnchors)} says how to start the service.
 */
public final class YubiKeyReaders {

    private final TerminalFactory factory;

    /** The readers of the platform's PC/SC service. */
    public YubiKeyReaders() {
        this(TerminalFactory.getDefault());
    }

    /** The readers of another terminal factory (tests). */
    public YubiKeyReaders(TerminalFactory factory) {
        this.factory = factory;
    }

    /** Whether a PC/SC reader name is a YubiKey's own reader. */
    public static boolean isYubiKey(String readerName) {
        String name = readerName.toLowerCase(Locale.ROOT);
        return name.contains("yubikey") || name.contains("yubico");
    }

    /** The names of readers that hold a YubiKey, in the order PC/SC lists them; empty when none. */
    public List<String> inserted() {
        List<String> names = new ArrayList<>();
        for (CardTerminal terminal : terminals()) {
            try {
                if (isYubiKey(terminal.getName()) && terminal.isCardPresent()) {
                    names.add(terminal.getName());
                }
            } catch (CardException e) {
                // the reader went away while we listed it: not inserted
            }
        }
        return List.copyOf(names);
    }

    /**
     * Opens the PIV application of the YubiKey in reader {@code readerName}.
     *
     * @throws TokenException {@link TokenException.Reason#NO_TOKEN} if that reader holds no YubiKey
     */
    public YubiKeyPivSource open(String readerName, PivTrustAnchors trust) {
        for (CardTerminal terminal : terminals()) {
            if (terminal.getName().equals(readerName)) {
                try {
                    return YubiKeyPivSource.open(PcscConnection.open(terminal), trust);
                } catch (IOException e) {
                    throw new TokenException(
                            TokenException.Reason.NO_TOKEN,
                            "The YubiKey in " + readerName + " does not answer (" + e.getMessage()
                                    + "). Insert it again and retry.",
                            -1,
                            e);
                }
            }
        }
        throw noToken("No reader named " + readerName + ".");
    }

    /**
     * Opens the only inserted YubiKey.
     *
     * @throws TokenException {@link TokenException.Reason#NO_TOKEN} if none is inserted, or
     *     {@link TokenException.Reason#FAILED} if several are (the key holder must choose)
     */
    public YubiKeyPivSource openOnly(PivTrustAnchors trust) {
        List<String> names = inserted();
        if (names.isEmpty()) {
            throw noToken("No YubiKey is inserted.");
        }
        if (names.size() > 1) {
            throw new TokenException(
                    TokenException.Reason.FAILED,
                    names.size() + " YubiKeys are inserted (" + String.join(", ", names)
                            + "). Remove all but the one to use, or choose its reader.");
        }
        return open(names.get(0), trust);
    }

    private List<CardTerminal> terminals() {
        try {
            return factory.terminals().list(CardTerminals.State.ALL);
        } catch (CardException | RuntimeException e) {
            return List.of(); // no PC/SC service, or no readers at all
        }
    }

    private static TokenException noToken(String what) {
        return new TokenException(
                TokenException.Reason.NO_TOKEN,
                what + " Insert the YubiKey into a USB port; if it is inserted, check that the smart card"
                        + " service runs (Linux: pcscd).");
    }
}
