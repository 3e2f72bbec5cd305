package io.keyport.desktop.tokens.piv;

import com.yubico.yubikit.core.application.ApplicationNotAvailableException;
import com.yubico.yubikit.core.application.BadResponseException;
import com.yubico.yubikit.core.application.InvalidPinException;
import com.yubico.yubikit.core.smartcard.ApduException;
import com.yubico.yubikit.core.smartcard.SW;
import com.yubico.yubikit.core.smartcard.SmartCardConnection;
import com.yubico.yubikit.piv.KeyType;
import com.yubico.yubikit.piv.PivSession;
import com.yubico.yubikit.piv.Slot;
import com.yubico.yubikit.piv.SlotMetadata;
import io.keyport.desktop.tokens.Attestation;
import io.keyport.desktop.tokens.GenerateRequest;
import io.keyport.desktop.tokens.KeyAlgorithm;
import io.keyport.desktop.tokens.KeySource;
import io.keyport.desktop.tokens.PinSource;
import io.keyport.desktop.tokens.TokenException;
import io.keyport.desktop.tokens.TokenException.Reason;
import io.keyport.desktop.tokens.TokenInfo;
import io.keyport.desktop.tokens.TokenKey;
import io.keyport.desktop.tokens.TokenKind;
import io.keyport.desktop.tokens.piv.PivAttestationVerifier.PivAttestation;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.crypto.TufCrypto;
import io.keyport.model.tuf.signer.Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A YubiKey's PIV application as a key source, through Yubico's own {@link PivSession} over any
 * {@link SmartCardConnection} (PC/SC in the console, the card simulator in tests).
 *
 * <p>Keys are generated on the card (slot {@code 9c} unless asked otherwise; ECDSA P-256 and P-384, and
 * Ed25519 on firmware 5.7 and later) with the PIN and touch policies the key holder chose; the card then
 * reports them through its slot metadata ({@link #policy(TokenKey)}). Signatures follow the TUF schemes:
 * for {@code ecdsa-sha2-nistp256/384} the payload is hashed here with SHA-256/384 and the card signs the
 * digest (DER out); for {@code ed25519} the card signs the payload itself. Every signature is checked
 * against the public key before it is handed out.
 *
 * <p>Generating a key needs the PIV management key ({@link #managementKey(byte[])}; Yubico's factory
 * default until set). Signing asks the {@link PinSource} when the slot's PIN policy wants it: before
 * every signature for {@code ALWAYS} (the default of slot {@code 9c}), once per session for {@code ONCE}.
 *
 * <p>Every failure is a {@link TokenException} whose message names the next step; {@link Signer#sign}
 * of the signers handed out throws it too. Calls are serialised: a card does one thing at a time.
 */
public final class YubiKeyPivSource implements KeySource {

    /** The management key YubiKeys leave the factory with (TDES, or AES-192 from firmware 5.7). */
    public static final String DEFAULT_MANAGEMENT_KEY = "010203040506070801020304050607080102030405060708";

    /** Slots a ceremony key may live in: authentication, signature, key management, card authentication. */
    private static final List<Slot> KEY_SLOTS =
            List.of(Slot.AUTHENTICATION, Slot.SIGNATURE, Slot.KEY_MANAGEMENT, Slot.CARD_AUTH);

    private final PivSession session;
    private final PivAttestationVerifier verifier;
    private final TokenInfo info;
    private final long serial;
    private byte[] managementKey = HexFormat.of().parseHex(DEFAULT_MANAGEMENT_KEY);
    private boolean managementKeyGiven;
    private boolean pinVerified;

    private YubiKeyPivSource(PivSession session, PivAttestationVerifier verifier, long serial) {
        this.session = session;
        this.verifier = verifier;
        this.serial = serial;
        String firmware = session.getVersion().toString();
        this.info = new TokenInfo(
                TokenKind.YUBIKEY_PIV,
                serial >= 0 ? "YubiKey " + serial : "YubiKey (firmware " + firmware + ")",
                serial >= 0 ? Long.toString(serial) : "",
                firmware,
                false);
    }

    /** Opens the PIV application on {@code connection}, checking attestations against {@code trust} now. */
    public static YubiKeyPivSource open(SmartCardConnection connection, PivTrustAnchors trust) {
        return open(connection, trust, Clock.systemUTC());
    }

    /**
     * Opens the PIV application on {@code connection}; attestations are checked against {@code trust} at
     * the time of {@code clock}. The source owns the connection from here on and closes it.
     *
     * @throws TokenException {@link Reason#NO_TOKEN} if the card does not answer, {@link Reason#UNSUPPORTED}
     *     if its PIV application is missing or disabled
     */
    public static YubiKeyPivSource open(SmartCardConnection connection, PivTrustAnchors trust, Clock clock) {
        try {
            PivSession session = new PivSession(connection);
            long serial = -1;
            if (session.supports(PivSession.FEATURE_SERIAL)) {
                try {
                    serial = Integer.toUnsignedLong(session.getSerialNumber());
                } catch (ApduException e) {
                    // the serial is hidden (SERIAL_API_VISIBLE off): the key holder reads it off the case
                }
            }
            return new YubiKeyPivSource(session, new PivAttestationVerifier(trust, clock), serial);
        } catch (IOException e) {
            closeQuietly(connection);
            throw new TokenException(
                    Reason.NO_TOKEN,
                    "The YubiKey does not answer (" + e.getMessage() + "). Insert it again and retry.",
                    -1,
                    e);
        } catch (ApplicationNotAvailableException e) {
            closeQuietly(connection);
            throw new TokenException(
                    Reason.UNSUPPORTED,
                    "This YubiKey has no PIV application, or it is disabled. Enable PIV (ykman config usb"
                            + " --enable PIV) or use another key.",
                    -1,
                    e);
        } catch (ApduException | RuntimeException e) {
            closeQuietly(connection);
            throw new TokenException(Reason.FAILED, "The YubiKey refused to open its PIV application: " + e, -1, e);
        }
    }

    /**
     * Sets the PIV management key used to generate keys (24 bytes for TDES and AES-192). Without it the
     * source uses the key ykman stored PIN-protected on the card ({@code --protect}), or else the factory
     * default.
     */
    public synchronized void managementKey(byte[] key) {
        this.managementKey = key.clone();
        this.managementKeyGiven = true;
    }

    @Override
    public TokenInfo info() {
        return info;
    }

    /** The card's serial number, or {@code -1} when it does not tell. */
    public long serial() {
        return serial;
    }

    @Override
    public synchronized List<TokenKey> keys() {
        List<TokenKey> keys = new ArrayList<>();
        for (Slot slot : KEY_SLOTS) {
            slotKey(slot).ifPresent(keys::add);
        }
        return List.copyOf(keys);
    }

    @Override
    public synchronized TokenKey generate(GenerateRequest request, PinSource pin) {
        Slot slot = slot(request.slot());
        KeyType keyType = keyType(request.algorithm());
        try {
            session.checkKeySupport(keyType, pinPolicy(request.pinPolicy()), touchPolicy(request.touchPolicy()), true);
        } catch (UnsupportedOperationException e) {
            throw new TokenException(
                    Reason.UNSUPPORTED,
                    "This YubiKey (firmware " + info.firmware() + ") cannot make this key: " + e.getMessage()
                            + ". Ed25519 needs firmware 5.7 or later; ECDSA P-256 works on every YubiKey.",
                    -1,
                    e);
        }
        try {
            session.authenticate(managementKey(pin));
        } catch (ApduException | BadResponseException | IllegalArgumentException e) {
            throw new TokenException(
                    Reason.FAILED,
                    "The YubiKey refused the PIV management key. Enter the management key set on this YubiKey.",
                    -1,
                    e);
        } catch (IOException e) {
            throw removed(e);
        }
        try {
            PublicKey publicKey = session.generateKey(
                            slot, keyType, pinPolicy(request.pinPolicy()), touchPolicy(request.touchPolicy()))
                    .toPublicKey();
            return new TokenKey(slot.getStringAlias(), request.algorithm(), tufKey(publicKey, request.algorithm()));
        } catch (IOException e) {
            throw removed(e);
        } catch (ApduException | BadResponseException | GeneralSecurityException | RuntimeException e) {
            throw new TokenException(Reason.FAILED, "The YubiKey could not generate the key: " + e.getMessage(), -1, e);
        }
    }

    @Override
    public Signer signer(TokenKey key, PinSource pin) {
        Slot slot = slot(key.slot());
        KeyType keyType = keyType(key.algorithm());
        SignatureScheme scheme = scheme(key.algorithm());
        return new Signer() {
            @Override
            public Key publicKey() {
                return key.publicKey();
            }

            @Override
            public byte[] sign(byte[] payload) {
                return YubiKeyPivSource.this.sign(slot, keyType, scheme, key.publicKey(), pin, payload);
            }
        };
    }

    @Override
    public synchronized Optional<Attestation> attestation(TokenKey key) {
        return attest(key).map(a -> new Attestation(a.chain(), a.verified(), a.detail()));
    }

    /**
     * The key's attestation in full (with what the card wrote into it), or empty when the card cannot
     * attest (firmware before 4.3).
     */
    public synchronized Optional<PivAttestation> attest(TokenKey key) {
        if (!session.supports(PivSession.FEATURE_ATTESTATION)) {
            return Optional.empty();
        }
        Slot slot = slot(key.slot());
        X509Certificate leaf;
        X509Certificate device;
        try {
            leaf = session.attestKey(slot);
        } catch (ApduException e) {
            if (e.getSw() == SW.INCORRECT_PARAMETERS || e.getSw() == SW.REFERENCED_DATA_NOT_FOUND) {
                return Optional.of(PivAttestation.refused(
                        List.of(),
                        "the key in slot " + key.slot()
                                + " was imported, not generated on this YubiKey: it cannot be attested"));
            }
            return Optional.of(PivAttestation.refused(List.of(), "the YubiKey refused to attest: " + e.getMessage()));
        } catch (BadResponseException e) {
            return Optional.of(
                    PivAttestation.refused(List.of(), "the attestation is not a certificate: " + e.getMessage()));
        } catch (IOException e) {
            throw removed(e);
        }
        try {
            device = session.getCertificate(Slot.ATTESTATION);
        } catch (ApduException | BadResponseException | RuntimeException e) {
            return Optional.of(PivAttestation.refused(
                    List.of(leaf),
                    "the YubiKey has no readable attestation certificate in slot f9: " + e.getMessage()));
        } catch (IOException e) {
            throw removed(e);
        }
        PublicKey expected = TufCrypto.publicKey(key.publicKey());
        try {
            return Optional.of(verifier.verify(leaf.getEncoded(), device.getEncoded(), expected, serial));
        } catch (CertificateEncodingException e) {
            return Optional.of(PivAttestation.refused(List.of(), "the attestation does not encode: " + e.getMessage()));
        }
    }

    /** The PIN and touch policies of a key as the card reports them (firmware 5.3 and later). */
    public synchronized Optional<SlotPolicy> policy(TokenKey key) {
        if (!session.supports(PivSession.FEATURE_METADATA)) {
            return Optional.empty();
        }
        try {
            SlotMetadata metadata = session.getSlotMetadata(slot(key.slot()));
            return Optional.of(new SlotPolicy(
                    pinPolicy(metadata.getPinPolicy()),
                    touchPolicy(metadata.getTouchPolicy()),
                    metadata.isGenerated()));
        } catch (IOException e) {
            throw removed(e);
        } catch (ApduException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** How a key is protected, and whether it was generated on the card (rather than imported). */
    public record SlotPolicy(
            GenerateRequest.PinPolicy pinPolicy, GenerateRequest.TouchPolicy touchPolicy, boolean generatedOnCard) {}

    /** PIN tries left before the PIN blocks. */
    public synchronized int pinTriesLeft() {
        try {
            return session.getPinAttempts();
        } catch (IOException e) {
            throw removed(e);
        } catch (ApduException e) {
            throw new TokenException(Reason.FAILED, "The YubiKey did not say how many PIN tries are left.", -1, e);
        }
    }

    /**
     * Changes the PIN (6 to 8 characters).
     *
     * @throws TokenException {@link Reason#WRONG_PIN} with the tries left, {@link Reason#PIN_BLOCKED}
     */
    public synchronized void changePin(char[] currentPin, char[] newPin) {
        checkPinLength(newPin, "PIN");
        try {
            session.changePin(currentPin, newPin);
            pinVerified = false;
        } catch (InvalidPinException e) {
            throw wrongPin(e.getAttemptsRemaining());
        } catch (IOException e) {
            throw removed(e);
        } catch (ApduException | RuntimeException e) {
            throw new TokenException(Reason.FAILED, "The YubiKey refused to change the PIN: " + e.getMessage(), -1, e);
        }
    }

    /**
     * Sets a new PIN with the PUK, after the PIN blocked.
     *
     * @throws TokenException {@link Reason#WRONG_PIN} (the PUK was wrong; tries are the PUK's), or
     *     {@link Reason#PIN_BLOCKED} if the PUK is blocked too
     */
    public synchronized void unblockPin(char[] puk, char[] newPin) {
        checkPinLength(newPin, "PIN");
        try {
            session.unblockPin(puk, newPin);
            pinVerified = false;
        } catch (InvalidPinException e) {
            int left = e.getAttemptsRemaining();
            if (left == 0) {
                throw new TokenException(
                        Reason.PIN_BLOCKED,
                        "The PUK is blocked too. Only a reset of the PIV application helps, and it destroys the"
                                + " keys on this YubiKey: replace the key holder's key in root.",
                        0,
                        e);
            }
            throw new TokenException(
                    Reason.WRONG_PIN, "Wrong PUK: " + left + " tries left before the PUK blocks too.", left, e);
        } catch (IOException e) {
            throw removed(e);
        } catch (ApduException | RuntimeException e) {
            throw new TokenException(Reason.FAILED, "The YubiKey refused to unblock the PIN: " + e.getMessage(), -1, e);
        }
    }

    @Override
    public synchronized void close() {
        pinVerified = false;
        Arrays.fill(managementKey, (byte) 0);
        try {
            session.close();
        } catch (IOException e) {
            // the card is gone already
        }
    }

    private synchronized byte[] sign(
            Slot slot, KeyType keyType, SignatureScheme scheme, Key publicKey, PinSource pin, byte[] payload) {
        GenerateRequest.PinPolicy pinPolicy = GenerateRequest.PinPolicy.ALWAYS;
        GenerateRequest.TouchPolicy touchPolicy = GenerateRequest.TouchPolicy.DEFAULT;
        if (session.supports(PivSession.FEATURE_METADATA)) {
            try {
                SlotMetadata metadata = session.getSlotMetadata(slot);
                pinPolicy = pinPolicy(metadata.getPinPolicy());
                touchPolicy = touchPolicy(metadata.getTouchPolicy());
            } catch (IOException e) {
                throw removed(e);
            } catch (ApduException e) {
                throw new TokenException(
                        Reason.FAILED,
                        "Slot " + slot.getStringAlias() + " of this YubiKey holds no key. Insert the YubiKey that"
                                + " holds it.",
                        -1,
                        e);
            }
        }
        if (pinPolicy != GenerateRequest.PinPolicy.NEVER
                && (pinPolicy == GenerateRequest.PinPolicy.ALWAYS || !pinVerified)) {
            verifyPin(pin);
        }
        byte[] message = digest(scheme, payload);
        byte[] signature;
        try {
            signature = session.rawSignOrDecrypt(slot, keyType, message);
        } catch (IOException e) {
            pinVerified = false;
            throw new TokenException(
                    Reason.TOKEN_REMOVED,
                    "The YubiKey was removed before it finished signing; nothing was signed. Insert it again"
                            + " and sign again.",
                    -1,
                    e);
        } catch (ApduException e) {
            if (e.getSw() == SW.SECURITY_CONDITION_NOT_SATISFIED && touchPolicy != GenerateRequest.TouchPolicy.NEVER) {
                throw new TokenException(
                        Reason.TOUCH_TIMEOUT,
                        "The YubiKey was not touched in time. Sign again and touch the YubiKey when it blinks.",
                        -1,
                        e);
            }
            if (e.getSw() == SW.WRONG_LENGTH) {
                throw tooLarge(e);
            }
            if (e.getSw() == SW.SECURITY_CONDITION_NOT_SATISFIED) {
                pinVerified = false;
                throw new TokenException(
                        Reason.FAILED, "The YubiKey wants the PIN again before it signs. Sign again.", -1, e);
            }
            throw new TokenException(Reason.FAILED, "The YubiKey refused to sign: " + e.getMessage(), -1, e);
        } catch (BadResponseException | IllegalArgumentException | UnsupportedOperationException e) {
            throw tooLarge(e);
        }
        if (!TufCrypto.verify(publicKey, payload, signature)) {
            throw new TokenException(
                    Reason.FAILED,
                    "The signature from slot " + slot.getStringAlias()
                            + " does not verify with its public key: this is not the YubiKey that holds the key.");
        }
        return signature;
    }

    private void verifyPin(PinSource pin) {
        int triesLeft;
        try {
            triesLeft = session.getPinAttempts();
        } catch (IOException e) {
            throw removed(e);
        } catch (ApduException e) {
            triesLeft = -1;
        }
        if (triesLeft == 0) {
            throw wrongPin(0);
        }
        char[] entered = pin.pin(info, triesLeft);
        if (entered == null) {
            throw new TokenException(Reason.CANCELLED, "Signing was cancelled; nothing was signed.");
        }
        try {
            session.verifyPin(entered);
            pinVerified = true;
        } catch (InvalidPinException e) {
            pinVerified = false;
            throw wrongPin(e.getAttemptsRemaining());
        } catch (IOException e) {
            throw removed(e);
        } catch (ApduException | RuntimeException e) {
            throw new TokenException(Reason.FAILED, "The YubiKey refused the PIN check: " + e.getMessage(), -1, e);
        } finally {
            Arrays.fill(entered, '\0');
        }
    }

    /** The management key: the one given, the PIN-protected one ykman stored on the card, or the default. */
    private byte[] managementKey(PinSource pin) throws IOException, ApduException, BadResponseException {
        if (managementKeyGiven) {
            return managementKey;
        }
        byte[] flags;
        try {
            flags = session.getObject(PivmanData.PIVMAN_DATA);
        } catch (ApduException e) {
            if (e.getSw() == SW.FILE_NOT_FOUND) {
                return managementKey; // never set through ykman: the factory default
            }
            throw e;
        }
        try {
            if (!PivmanData.managementKeyProtected(flags)) {
                return managementKey;
            }
            verifyPin(pin);
            return PivmanData.protectedManagementKey(session.getObject(PivmanData.PROTECTED_DATA));
        } catch (IllegalArgumentException e) {
            throw new TokenException(
                    Reason.FAILED,
                    "The YubiKey's PIN-protected management key is unreadable (" + e.getMessage()
                            + "). Enter the management key.",
                    -1,
                    e);
        }
    }

    private Optional<TokenKey> slotKey(Slot slot) {
        try {
            KeyType keyType;
            PublicKey publicKey;
            if (session.supports(PivSession.FEATURE_METADATA)) {
                SlotMetadata metadata = session.getSlotMetadata(slot);
                keyType = metadata.getKeyType();
                publicKey = metadata.getPublicKeyValues().toPublicKey();
            } else {
                publicKey = publicKeyWithoutMetadata(slot);
                keyType = null;
            }
            Optional<KeyAlgorithm> algorithm =
                    keyType != null ? algorithm(keyType) : algorithm(TufCrypto.schemeFor(publicKey));
            return algorithm.map(a -> new TokenKey(slot.getStringAlias(), a, tufKey(publicKey, a)));
        } catch (IOException e) {
            throw removed(e);
        } catch (ApduException | BadResponseException | GeneralSecurityException | RuntimeException e) {
            return Optional.empty(); // empty slot, or a key type a TUF root cannot use
        }
    }

    /**
     * Cards before firmware 5.3 have no slot metadata: the public key comes from the slot's certificate
     * or, for a key generated without one, from the card's attestation of it (firmware 4.3 and later).
     */
    private PublicKey publicKeyWithoutMetadata(Slot slot) throws IOException, ApduException, BadResponseException {
        try {
            return session.getCertificate(slot).getPublicKey();
        } catch (ApduException e) {
            if (e.getSw() != SW.FILE_NOT_FOUND || !session.supports(PivSession.FEATURE_ATTESTATION)) {
                throw e;
            }
            return session.attestKey(slot).getPublicKey();
        }
    }

    private static Optional<KeyAlgorithm> algorithm(KeyType keyType) {
        return switch (keyType) {
            case ECCP256 -> Optional.of(KeyAlgorithm.ECDSA_P256);
            case ECCP384 -> Optional.of(KeyAlgorithm.ECDSA_P384);
            case ED25519 -> Optional.of(KeyAlgorithm.ED25519);
            default -> Optional.empty();
        };
    }

    private static Optional<KeyAlgorithm> algorithm(SignatureScheme scheme) {
        return switch (scheme) {
            case ECDSA_SHA2_NISTP256 -> Optional.of(KeyAlgorithm.ECDSA_P256);
            case ECDSA_SHA2_NISTP384 -> Optional.of(KeyAlgorithm.ECDSA_P384);
            case ED25519 -> Optional.of(KeyAlgorithm.ED25519);
            default -> Optional.empty();
        };
    }

    private static KeyType keyType(KeyAlgorithm algorithm) {
        return switch (algorithm) {
            case ECDSA_P256 -> KeyType.ECCP256;
            case ECDSA_P384 -> KeyType.ECCP384;
            case ED25519 -> KeyType.ED25519;
            default ->
                throw new TokenException(
                        Reason.UNSUPPORTED,
                        "YubiKey PIV keys for TUF are ECDSA P-256, P-384 or Ed25519, not " + algorithm.tufScheme()
                                + ". Choose one of those.");
        };
    }

    private static SignatureScheme scheme(KeyAlgorithm algorithm) {
        return SignatureScheme.of(algorithm.tufScheme()).orElseThrow();
    }

    private static Key tufKey(PublicKey publicKey, KeyAlgorithm algorithm) {
        return TufCrypto.key(publicKey, scheme(algorithm));
    }

    /** The bytes the card signs: the SHA-256/384 digest for ECDSA (as the scheme names), the payload for Ed25519. */
    static byte[] digest(SignatureScheme scheme, byte[] payload) {
        try {
            return switch (scheme) {
                case ECDSA_SHA2_NISTP256 -> MessageDigest.getInstance("SHA-256").digest(payload);
                case ECDSA_SHA2_NISTP384 -> MessageDigest.getInstance("SHA-384").digest(payload);
                case ED25519 -> payload.clone();
                default -> throw new TokenException(Reason.UNSUPPORTED, "YubiKey PIV does not sign " + scheme.id());
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has SHA-2", e);
        }
    }

    private static Slot slot(String alias) {
        try {
            Slot slot = Slot.fromStringAlias(alias);
            if (slot == Slot.ATTESTATION) {
                throw new IllegalArgumentException("slot f9 holds the attestation key");
            }
            return slot;
        } catch (IllegalArgumentException e) {
            throw new TokenException(
                    Reason.FAILED,
                    "\"" + alias + "\" is not a PIV key slot. Use 9c (signature), 9a, 9d, 9e or a retired slot 82-95.",
                    -1,
                    e);
        }
    }

    private static com.yubico.yubikit.piv.PinPolicy pinPolicy(GenerateRequest.PinPolicy policy) {
        return com.yubico.yubikit.piv.PinPolicy.valueOf(policy.name());
    }

    private static com.yubico.yubikit.piv.TouchPolicy touchPolicy(GenerateRequest.TouchPolicy policy) {
        return com.yubico.yubikit.piv.TouchPolicy.valueOf(policy.name());
    }

    private static GenerateRequest.PinPolicy pinPolicy(com.yubico.yubikit.piv.PinPolicy policy) {
        return switch (policy) {
            case NEVER -> GenerateRequest.PinPolicy.NEVER;
            case ONCE, MATCH_ONCE -> GenerateRequest.PinPolicy.ONCE;
            case ALWAYS, MATCH_ALWAYS -> GenerateRequest.PinPolicy.ALWAYS;
            default -> GenerateRequest.PinPolicy.DEFAULT;
        };
    }

    private static GenerateRequest.TouchPolicy touchPolicy(com.yubico.yubikit.piv.TouchPolicy policy) {
        return switch (policy) {
            case NEVER -> GenerateRequest.TouchPolicy.NEVER;
            case ALWAYS -> GenerateRequest.TouchPolicy.ALWAYS;
            case CACHED -> GenerateRequest.TouchPolicy.CACHED;
            default -> GenerateRequest.TouchPolicy.DEFAULT;
        };
    }

    private static void checkPinLength(char[] pin, String what) {
        int bytes = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(pin)).remaining();
        if (bytes < 6 || bytes > 8) {
            throw new TokenException(Reason.FAILED, "A " + what + " has 6 to 8 characters. Choose another.");
        }
    }

    private static TokenException tooLarge(Exception e) {
        return new TokenException(
                Reason.UNSUPPORTED,
                "The YubiKey cannot sign this payload (" + e.getMessage() + "). With Ed25519 the whole payload goes"
                        + " to the card, whose buffer is limited; use an ECDSA key for large metadata.",
                -1,
                e);
    }

    private static TokenException wrongPin(int triesLeft) {
        if (triesLeft == 0) {
            return new TokenException(
                    Reason.PIN_BLOCKED,
                    "The PIN is blocked. Unblock it with the PUK and choose a new PIN, then sign again.",
                    0,
                    null);
        }
        return new TokenException(
                Reason.WRONG_PIN,
                "Wrong PIN: " + triesLeft + (triesLeft == 1 ? " try" : " tries")
                        + " left before the PIN blocks. Enter the PIN again.",
                triesLeft,
                null);
    }

    private TokenException removed(IOException e) {
        pinVerified = false;
        return new TokenException(
                Reason.TOKEN_REMOVED,
                "The YubiKey stopped answering (" + e.getMessage() + "). Insert it again and open it again.",
                -1,
                e);
    }

    private static void closeQuietly(SmartCardConnection connection) {
        try {
            connection.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }
}
