package io.keyport.desktop.tokens.piv;

import com.yubico.yubikit.core.Transport;
import com.yubico.yubikit.core.smartcard.SmartCardConnection;
import java.io.IOException;
import java.util.Arrays;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;

/**
 * yubikit's {@link SmartCardConnection} over the JDK's PC/SC binding ({@code javax.smartcardio}, which
 * talks to {@code pcscd} on Linux, the smart card service on Windows and macOS). Yubico publishes no
 * desktop transport on Maven Central, so this is ours (decision 0046).
 *
 * <p>The card is held exclusively while the connection is open, so no other program (a browser's
 * PKCS#11 module, gpg) slips an APDU between our PIN check and the signature. Any PC/SC failure,
 * including a card pulled out of the reader, surfaces as an {@link IOException}: yubikit passes it
 * through and {@link YubiKeyPivSource} turns it into "token removed" or "no token".
 */
final class PcscConnection implements SmartCardConnection {

    private final Card card;
    private final CardChannel channel;
    private final byte[] atr;

    private PcscConnection(Card card) {
        this.card = card;
        this.channel = card.getBasicChannel();
        this.atr = card.getATR().getBytes();
    }

    /** Connects to the card in {@code terminal} with any protocol and takes it exclusively. */
    static PcscConnection open(CardTerminal terminal) throws IOException {
        try {
            Card card = terminal.connect("*");
            try {
                card.beginExclusive();
            } catch (CardException | RuntimeException e) {
                card.disconnect(false);
                throw e;
            }
            return new PcscConnection(card);
        } catch (CardException | RuntimeException e) {
            throw new IOException("cannot connect to the card in " + terminal.getName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] sendAndReceive(byte[] apdu) throws IOException {
        try {
            return channel.transmit(new CommandAPDU(padded(apdu))).getBytes();
        } catch (CardException | RuntimeException e) {
            throw new IOException("the card did not answer: " + e.getMessage(), e);
        }
    }

    /**
     * A header-only APDU (case 1, four bytes) gets an {@code Le} of {@code 00}: some PC/SC stacks
     * refuse four-byte commands, and the YubiKey treats {@code Le=00} as "up to 256 bytes".
     */
    static byte[] padded(byte[] apdu) {
        return apdu.length == 4 ? Arrays.copyOf(apdu, 5) : apdu;
    }

    @Override
    public Transport getTransport() {
        return transportOf(atr);
    }

    /**
     * USB readers of YubiKeys announce themselves in the ATR's format byte (high nibble {@code F}); an
     * NFC reader synthesises another ATR.
     */
    static Transport transportOf(byte[] atr) {
        return atr.length > 1 && (atr[1] & 0xf0) == 0xf0 ? Transport.USB : Transport.NFC;
    }

    @Override
    public boolean isExtendedLengthApduSupported() {
        // extended APDUs over USB only; some NFC readers cut them
        return getTransport() == Transport.USB;
    }

    @Override
    public byte[] getAtr() {
        return atr.clone();
    }

    @Override
    public void close() throws IOException {
        try {
            try {
                card.endExclusive();
            } finally {
                card.disconnect(true); // reset: a later program starts with the PIN unverified
            }
        } catch (CardException | RuntimeException e) {
            throw new IOException("cannot release the card: " + e.getMessage(), e);
        }
    }
}
