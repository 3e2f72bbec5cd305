package io.keyport.desktop.tokens.piv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.yubico.yubikit.core.Transport;
import io.keyport.desktop.tokens.GenerateRequest;
import io.keyport.desktop.tokens.KeyAlgorithm;
import io.keyport.desktop.tokens.TokenException;
import io.keyport.desktop.tokens.TokenException.Reason;
import io.keyport.desktop.tokens.TokenKey;
import io.keyport.model.tuf.crypto.TufCrypto;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.Test;

/**
 * Discovery of inserted YubiKeys and the PC/SC connection, on {@code javax.smartcardio} itself with a
 * simulated PC/SC service underneath: the console's transport carries yubikit's APDUs to the card,
 * holds it exclusively while open, and reports a card pulled out as a removed token.
 */
class YubiKeyReadersTest {

    private static final String FIRST = "Yubico YubiKey OTP+FIDO+CCID 00 00";
    private static final String SECOND = "Yubico YubiKey OTP+FIDO+CCID 01 00";
    private static final byte[] PAYLOAD = "signed bytes".getBytes(StandardCharsets.UTF_8);

    private final PivSimulator simulator = new PivSimulator();

    @Test
    void listsOnlyReadersThatHoldAYubiKey() {
        SimulatedPivCard pulled = simulator.card(PivSimulator.nextSerial());
        pulled.remove();
        Map<String, SimulatedPivCard> readers = new LinkedHashMap<>();
        readers.put("Alcor Micro AU9540 00 00", simulator.card(PivSimulator.nextSerial())); // a bank card reader
        readers.put(FIRST, simulator.card(PivSimulator.nextSerial()));
        readers.put("Yubico YubiKey FIDO+CCID 02 00", pulled);
        readers.put(SECOND, null);

        assertThat(new YubiKeyReaders(SimulatedPcsc.readers(readers)).inserted())
                .containsExactly(FIRST);
        assertThat(YubiKeyReaders.isYubiKey("Yubico YubiKey OTP+FIDO+CCID 00 00"))
                .isTrue();
        assertThat(YubiKeyReaders.isYubiKey("Gemalto PC Twin Reader")).isFalse();
    }

    @Test
    void opensTheOnlyYubiKeyOverPcscAndSignsWithIt() throws Exception {
        SimulatedPivCard card = simulator.card(11223344);
        Map<String, SimulatedPivCard> readers = new LinkedHashMap<>();
        readers.put(FIRST, card);
        TerminalFactory factory = SimulatedPcsc.readers(readers);
        SimulatedPcsc.Reader reader = (SimulatedPcsc.Reader) factory.terminals().getTerminal(FIRST);

        try (YubiKeyPivSource yubiKey = new YubiKeyReaders(factory).openOnly(simulator.trustAnchors())) {
            assertThat(reader.last.exclusive).as("held exclusively while open").isTrue();
            assertThat(yubiKey.info().serial()).isEqualTo("11223344");
            TokenKey key = yubiKey.generate(
                    new GenerateRequest("9c", KeyAlgorithm.ECDSA_P256, null, null), (token, tries) -> null);

            byte[] signature = yubiKey.signer(key, (token, tries) -> PivSimulator.DEFAULT_PIN.toCharArray())
                    .sign(PAYLOAD);

            assertThat(TufCrypto.verify(key.publicKey(), PAYLOAD, signature)).isTrue();
            assertThat(yubiKey.attestation(key).orElseThrow().verified()).isTrue();
        }
        assertThat(reader.last.exclusive).isFalse();
        assertThat(reader.last.disconnected).isTrue();
    }

    @Test
    void aCardPulledOutOfTheReaderIsATokenRemoved() {
        SimulatedPivCard card = simulator.card(PivSimulator.nextSerial());
        Map<String, SimulatedPivCard> readers = new LinkedHashMap<>();
        readers.put(FIRST, card);
        try (YubiKeyPivSource yubiKey =
                new YubiKeyReaders(SimulatedPcsc.readers(readers)).open(FIRST, simulator.trustAnchors())) {
            TokenKey key = yubiKey.generate(
                    new GenerateRequest("9c", KeyAlgorithm.ECDSA_P256, null, null), (token, tries) -> null);
            card.pullOutDuringNextSignature();

            assertThatThrownBy(() -> yubiKey.signer(key, (token, tries) -> PivSimulator.DEFAULT_PIN.toCharArray())
                            .sign(PAYLOAD))
                    .isInstanceOfSatisfying(
                            TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_REMOVED));
        }
        assertThat(new YubiKeyReaders(SimulatedPcsc.readers(readers)).inserted())
                .isEmpty();
    }

    @Test
    void noneOrSeveralYubiKeysAreNamed() {
        Map<String, SimulatedPivCard> none = new LinkedHashMap<>();
        none.put(FIRST, null);
        assertThatThrownBy(() -> new YubiKeyReaders(SimulatedPcsc.readers(none)).openOnly(simulator.trustAnchors()))
                .isInstanceOfSatisfying(TokenException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NO_TOKEN);
                    assertThat(e.getMessage()).contains("pcscd");
                });
        assertThatThrownBy(() -> new YubiKeyReaders(SimulatedPcsc.readers(none)).open(FIRST, simulator.trustAnchors()))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_TOKEN));

        Map<String, SimulatedPivCard> two = new LinkedHashMap<>();
        two.put(FIRST, simulator.card(PivSimulator.nextSerial()));
        two.put(SECOND, simulator.card(PivSimulator.nextSerial()));
        assertThatThrownBy(() -> new YubiKeyReaders(SimulatedPcsc.readers(two)).openOnly(simulator.trustAnchors()))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.getMessage()).contains("2 YubiKeys", FIRST, SECOND));
    }

    @Test
    void thePlatformsPcscServiceNeverThrowsWhenListing() {
        // Without pcscd (CI) the JDK reports no readers; with one, whatever is inserted.
        assertThatCode(() -> new YubiKeyReaders().inserted()).doesNotThrowAnyException();
    }

    @Test
    void theConnectionPadsHeaderOnlyApdusAndReadsTheTransportFromTheAtr() {
        assertThat(PcscConnection.padded(HexFormat.of().parseHex("00fd0000"))).containsExactly(0, 0xfd, 0, 0, 0);
        byte[] withData = HexFormat.of().parseHex("00a4040005a000000308");
        assertThat(PcscConnection.padded(withData)).isSameAs(withData);
        assertThat(PcscConnection.transportOf(
                        HexFormat.of().parseHex("3bfd1300008131fe158073c021c057597562694b657940")))
                .isEqualTo(Transport.USB);
        assertThat(PcscConnection.transportOf(HexFormat.of().parseHex("3b8c8001")))
                .isEqualTo(Transport.NFC);
        assertThat(PcscConnection.transportOf(new byte[0])).isEqualTo(Transport.NFC);
    }
}
