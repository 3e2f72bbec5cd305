package io.keyport.desktop.tokens.piv;

import com.yubico.yubikit.core.Transport;
import com.yubico.yubikit.core.smartcard.SmartCardConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A YubiKey's PIV application in memory, answering the APDUs yubikit's {@code PivSession} sends through
 * the same {@link SmartCardConnection} interface the PC/SC transport implements: select, Yubico's get
 * version and serial, metadata, verify PIN, change PIN/PUK, reset retry counter (unblock with PUK),
 * management key authentication, generate key pair, general authenticate (sign), attest, get and put
 * data, reset. Short and extended APDUs, command chaining and response chaining (61xx + GET RESPONSE)
 * as a card does them.
 *
 * <p>Keys are real JCA keys; attestations are certificates signed by the card's own attestation key,
 * whose certificate (slot f9) the {@link PivSimulator}'s test CA issued. Tests can pull the card out
 * ({@link #remove()}), have it pulled out while it signs ({@link #pullOutDuringNextSignature()}), and
 * let a touch time out ({@link #touchTimesOut(boolean)}). Made by {@link PivSimulator#card(long)}.
 */
public final class SimulatedPivCard implements SmartCardConnection {

    static final byte[] PIV_AID = HexFormat.of().parseHex("a000000308");
    private static final int SW_OK = 0x9000;
    private static final int ATTESTATION_OBJECT = 0x5fff01;
    private static final int PROTECTED_OBJECT = 0x5fc109;
    private static final int MAX_TRIES = 3;

    private final long serial;
    private final byte[] version;
    private final KeyPair attestationKey;
    private final PivSimulator ca;
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, SlotKey> slots = new HashMap<>();
    private final Map<Integer, byte[]> objects = new HashMap<>();

    private byte[] pin = padded("123456");
    private byte[] puk = padded("12345678");
    private boolean pinDefault = true;
    private boolean pukDefault = true;
    private int pinTries = MAX_TRIES;
    private int pukTries = MAX_TRIES;
    private final int managementKeyType;
    private byte[] managementKey = HexFormat.of().parseHex(YubiKeyPivSource.DEFAULT_MANAGEMENT_KEY);

    private boolean selected;
    private boolean pinVerified;
    private boolean pinFresh; // verified since the last signature with PIN policy ALWAYS
    private boolean authenticated;
    private byte[] witness;
    private final ByteArrayOutputStream chained = new ByteArrayOutputStream();
    private byte[] pendingResponse = new byte[0];

    private boolean removed;
    private boolean pullOutDuringSignature;
    private boolean touchTimesOut;
    private boolean shortApdusOnly;
    private int signatures;

    /** One key in a slot, with its policies as the card resolved them and where it came from. */
    record SlotKey(KeyPair pair, int keyType, int pinPolicy, int touchPolicy, boolean generated) {}

    SimulatedPivCard(PivSimulator ca, long serial, byte[] version, KeyPair attestationKey, X509Certificate f9) {
        this.ca = ca;
        this.serial = serial;
        this.version = version.clone();
        this.attestationKey = attestationKey;
        this.managementKeyType = atLeast(5, 7) ? 0x0a : 0x03; // AES-192 from firmware 5.7, TDES before
        objects.put(ATTESTATION_OBJECT, certificateObject(encoded(f9)));
    }

    // ---- what tests do to the card ----

    /** Pulls the card out: every APDU fails as PC/SC fails for a removed card, until {@link #insert()}. */
    public synchronized void remove() {
        removed = true;
    }

    /** Puts the card back; like a fresh power-up, nothing is verified or selected. */
    public synchronized void insert() {
        removed = false;
        resetSecurityState();
    }

    /**
     * Sets a new management key and stores it PIN-protected on the card as ykman's {@code --protect}
     * does: flags in object 5FFF00, the key in the PIN-protected object 5FC109.
     */
    public synchronized void protectManagementKey(byte[] key) {
        managementKey = key.clone();
        objects.put(0x5fff00, tlv(0x80, tlv(0x81, new byte[] {0x02})));
        objects.put(PROTECTED_OBJECT, tlv(0x88, tlv(0x89, key)));
    }

    /** Whether the card is in its reader. */
    public synchronized boolean inserted() {
        return !removed;
    }

    /** The next signature request pulls the card out before the card answers it. */
    public synchronized void pullOutDuringNextSignature() {
        pullOutDuringSignature = true;
    }

    /** Whether the key holder fails to touch the card in time (keys whose touch policy asks for it). */
    public synchronized void touchTimesOut(boolean timesOut) {
        touchTimesOut = timesOut;
    }

    /** Puts a key into a slot as an import would (so the card cannot attest it). */
    public synchronized void importKey(String slot, KeyPair pair) {
        int keyType = pair.getPublic() instanceof ECPublicKey ec
                ? (ec.getParams().getCurve().getField().getFieldSize() == 256 ? 0x11 : 0x14)
                : 0xe0;
        int slotId = Integer.parseInt(slot, 16);
        slots.put(slotId, new SlotKey(pair, keyType, defaultPinPolicy(slotId), 1, false));
    }

    /**
     * Behaves as behind a reader without extended APDUs: yubikit then chains commands and the card chains
     * responses (61xx and GET RESPONSE). Returns this card.
     */
    public synchronized SimulatedPivCard shortApdusOnly() {
        shortApdusOnly = true;
        return this;
    }

    /** PIN tries left. */
    public synchronized int pinTriesLeft() {
        return pinTries;
    }

    /** Signatures the card made. */
    public synchronized int signatures() {
        return signatures;
    }

    /** The serial number. */
    public long serial() {
        return serial;
    }

    // ---- SmartCardConnection ----

    @Override
    public synchronized byte[] sendAndReceive(byte[] apdu) throws IOException {
        if (removed) {
            throw new IOException("SCARD_W_REMOVED_CARD (simulated): the card was removed");
        }
        Command command;
        try {
            command = Command.parse(apdu);
        } catch (IllegalArgumentException e) {
            return sw(0x6700);
        }
        if (command.extended && shortApdusOnly) {
            return sw(0x6700);
        }
        if (command.ins == (byte) 0xc0) {
            return nextChunk(command.extended);
        }
        pendingResponse = new byte[0];
        if ((command.cla & 0x10) != 0) {
            chained.writeBytes(command.data);
            return sw(SW_OK);
        }
        chained.writeBytes(command.data);
        byte[] data = chained.toByteArray();
        chained.reset();
        Response response = dispatch(command, data);
        if (response.sw != SW_OK || command.extended || response.data.length <= 256) {
            return concat(response.data, response.sw);
        }
        pendingResponse = response.data;
        return nextChunk(false);
    }

    @Override
    public Transport getTransport() {
        return Transport.USB;
    }

    @Override
    public synchronized boolean isExtendedLengthApduSupported() {
        return !shortApdusOnly;
    }

    @Override
    public byte[] getAtr() {
        // a YubiKey 5's ATR over USB
        return HexFormat.of().parseHex("3bfd1300008131fe158073c021c057597562694b657940");
    }

    /** Ends the session as a reset of the card does: the PIN and management key must be given again. */
    @Override
    public synchronized void close() {
        resetSecurityState();
    }

    // ---- the PIV application ----

    private Response dispatch(Command c, byte[] data) throws IOException {
        if (c.ins == (byte) 0xa4) {
            selected = c.p1 == 0x04
                    && data.length >= PIV_AID.length
                    && Arrays.equals(Arrays.copyOf(data, PIV_AID.length), PIV_AID);
            if (!selected) {
                return Response.of(0x6a82);
            }
            resetSecurityState();
            selected = true;
            return new Response(
                    tlv(0x61, concat(tlv(0x4f, HexFormat.of().parseHex("0000100001")), tlv(0x79, tlv(0x4f, PIV_AID)))),
                    SW_OK);
        }
        if (!selected) {
            return Response.of(0x6d00);
        }
        return switch (c.ins) {
            case (byte) 0xfd -> new Response(version.clone(), SW_OK);
            case (byte) 0xf8 -> atLeast(5, 0) ? new Response(serialBytes(), SW_OK) : Response.of(0x6d00);
            case (byte) 0xf7 -> atLeast(5, 3) ? metadata(c.p2) : Response.of(0x6d00);
            case (byte) 0x20 -> verify(c.p2, data);
            case (byte) 0x24 -> changeReference(c.p2, data);
            case (byte) 0x2c -> resetRetry(c.p2, data);
            case (byte) 0x87 -> c.p2 == 0x9b ? authenticateManagement(c.p1, data) : useKey(c.p1, c.p2, data);
            case (byte) 0x47 -> generate(c.p2, data);
            case (byte) 0xf9 -> attest(c.p1);
            case (byte) 0xcb -> getData(data);
            case (byte) 0xdb -> putData(data);
            case (byte) 0xfb -> reset();
            default -> Response.of(0x6d00);
        };
    }

    private Response metadata(int p2) {
        Map<Integer, byte[]> tlvs = new LinkedHashMap<>();
        switch (p2) {
            case 0x80 -> {
                tlvs.put(0x05, new byte[] {(byte) (pinDefault ? 1 : 0)});
                tlvs.put(0x06, new byte[] {MAX_TRIES, (byte) pinTries});
            }
            case 0x81 -> {
                tlvs.put(0x05, new byte[] {(byte) (pukDefault ? 1 : 0)});
                tlvs.put(0x06, new byte[] {MAX_TRIES, (byte) pukTries});
            }
            case 0x9b -> {
                tlvs.put(0x01, new byte[] {(byte) managementKeyType});
                tlvs.put(0x02, new byte[] {0, 1});
                boolean isDefault =
                        Arrays.equals(managementKey, HexFormat.of().parseHex(YubiKeyPivSource.DEFAULT_MANAGEMENT_KEY));
                tlvs.put(0x05, new byte[] {(byte) (isDefault ? 1 : 0)});
            }
            default -> {
                SlotKey key = slots.get(p2);
                if (key == null) {
                    return Response.of(0x6a88);
                }
                tlvs.put(0x01, new byte[] {(byte) key.keyType});
                tlvs.put(0x02, new byte[] {(byte) key.pinPolicy, (byte) key.touchPolicy});
                tlvs.put(0x03, new byte[] {(byte) (key.generated ? 1 : 2)});
                tlvs.put(0x04, publicKeyTlv(key));
            }
        }
        return new Response(encode(tlvs), SW_OK);
    }

    private Response verify(int p2, byte[] data) {
        if (p2 != 0x80) {
            return Response.of(0x6a88);
        }
        if (data.length == 0) {
            if (pinVerified) {
                return Response.of(SW_OK);
            }
            return Response.of(pinTries == 0 ? 0x6983 : 0x63c0 | pinTries);
        }
        if (pinTries == 0) {
            return Response.of(0x6983);
        }
        if (data.length != 8) {
            return Response.of(0x6a80);
        }
        if (MessageDigest.isEqual(data, pin)) {
            pinTries = MAX_TRIES;
            pinVerified = true;
            pinFresh = true;
            return Response.of(SW_OK);
        }
        pinVerified = false;
        pinFresh = false;
        pinTries--;
        return Response.of(pinTries == 0 ? 0x6983 : 0x63c0 | pinTries);
    }

    private Response changeReference(int p2, byte[] data) {
        if ((p2 != 0x80 && p2 != 0x81) || data.length != 16) {
            return Response.of(0x6a80);
        }
        boolean isPin = p2 == 0x80;
        int tries = isPin ? pinTries : pukTries;
        if (tries == 0) {
            return Response.of(0x6983);
        }
        byte[] current = Arrays.copyOf(data, 8);
        byte[] next = Arrays.copyOfRange(data, 8, 16);
        if (!MessageDigest.isEqual(current, isPin ? pin : puk)) {
            tries--;
            if (isPin) {
                pinTries = tries;
                pinVerified = false;
            } else {
                pukTries = tries;
            }
            return Response.of(tries == 0 ? 0x6983 : 0x63c0 | tries);
        }
        if (length(next) < 6) {
            return Response.of(0x6a80);
        }
        if (isPin) {
            pin = next;
            pinDefault = false;
            pinTries = MAX_TRIES;
        } else {
            puk = next;
            pukDefault = false;
            pukTries = MAX_TRIES;
        }
        return Response.of(SW_OK);
    }

    private Response resetRetry(int p2, byte[] data) {
        if (p2 != 0x80 || data.length != 16) {
            return Response.of(0x6a80);
        }
        if (pukTries == 0) {
            return Response.of(0x6983);
        }
        if (!MessageDigest.isEqual(Arrays.copyOf(data, 8), puk)) {
            pukTries--;
            return Response.of(pukTries == 0 ? 0x6983 : 0x63c0 | pukTries);
        }
        byte[] next = Arrays.copyOfRange(data, 8, 16);
        if (length(next) < 6) {
            return Response.of(0x6a80);
        }
        pukTries = MAX_TRIES;
        pin = next;
        pinTries = MAX_TRIES;
        pinDefault = false;
        return Response.of(SW_OK);
    }

    private Response authenticateManagement(int algorithm, byte[] data) {
        if (algorithm != managementKeyType) {
            return Response.of(0x6a80);
        }
        Map<Integer, byte[]> request = decode(unwrap(0x7c, data));
        byte[] sentWitness = request.get(0x80);
        if (sentWitness != null && sentWitness.length == 0) {
            witness = new byte[managementKeyType == 0x03 ? 8 : 16];
            random.nextBytes(witness);
            return new Response(tlv(0x7c, tlv(0x80, managementCipher(Cipher.ENCRYPT_MODE, witness))), SW_OK);
        }
        byte[] challenge = request.get(0x81);
        if (witness == null
                || sentWitness == null
                || challenge == null
                || !MessageDigest.isEqual(sentWitness, witness)) {
            witness = null;
            authenticated = false;
            return Response.of(0x6982);
        }
        witness = null;
        authenticated = true;
        return new Response(tlv(0x7c, tlv(0x82, managementCipher(Cipher.ENCRYPT_MODE, challenge))), SW_OK);
    }

    private Response useKey(int algorithm, int slot, byte[] data) throws IOException {
        SlotKey key = slots.get(slot);
        if (key == null || key.keyType != (algorithm & 0xff)) {
            return Response.of(0x6a80);
        }
        Map<Integer, byte[]> request = decode(unwrap(0x7c, data));
        byte[] message = request.get(0x81);
        if (message == null || !request.containsKey(0x82)) {
            return Response.of(0x6a80);
        }
        if ((key.pinPolicy != 1 && !pinVerified) || (key.pinPolicy == 3 && !pinFresh)) {
            return Response.of(0x6982);
        }
        if (pullOutDuringSignature) {
            pullOutDuringSignature = false;
            removed = true;
            throw new IOException("SCARD_W_REMOVED_CARD (simulated): the card was removed while signing");
        }
        if (key.touchPolicy != 1 && touchTimesOut) {
            return Response.of(0x6982);
        }
        byte[] signature;
        try {
            Signature signer = Signature.getInstance(key.keyType == 0xe0 ? "Ed25519" : "NONEwithECDSA");
            signer.initSign(key.pair.getPrivate());
            signer.update(message);
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            return Response.of(0x6f00);
        }
        signatures++;
        if (key.pinPolicy == 3) {
            pinFresh = false; // PIN policy ALWAYS: every signature needs its own PIN check
        }
        return new Response(tlv(0x7c, tlv(0x82, signature)), SW_OK);
    }

    private Response generate(int slot, byte[] data) {
        if (!authenticated) {
            return Response.of(0x6982);
        }
        if (slot == 0xf9 || slot == 0x9b || slot < 0x82 || slot > 0x9e) {
            return Response.of(0x6a86);
        }
        Map<Integer, byte[]> request = decode(unwrap(0xac, data));
        byte[] algorithm = request.get(0x80);
        if (algorithm == null || algorithm.length != 1) {
            return Response.of(0x6a80);
        }
        int keyType = algorithm[0] & 0xff;
        KeyPair pair;
        try {
            if (keyType == 0x11 || keyType == 0x14) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec(keyType == 0x11 ? "secp256r1" : "secp384r1"));
                pair = generator.generateKeyPair();
            } else if (keyType == 0xe0 && atLeast(5, 7)) {
                pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            } else {
                return Response.of(0x6a80);
            }
        } catch (GeneralSecurityException e) {
            return Response.of(0x6f00);
        }
        int pinPolicy = policy(request.get(0xaa), defaultPinPolicy(slot));
        int touchPolicy = policy(request.get(0xab), 1);
        SlotKey key = new SlotKey(pair, keyType, pinPolicy, touchPolicy, true);
        slots.put(slot, key);
        return new Response(tlv(0x7f49, publicKeyTlv(key)), SW_OK);
    }

    private Response attest(int slot) {
        SlotKey key = slots.get(slot);
        if (key == null || !key.generated) {
            return Response.of(0x6a80);
        }
        X509Certificate f9 = PivTrustAnchors.certificate(unwrapCertificate(objects.get(ATTESTATION_OBJECT)));
        return new Response(
                encoded(ca.attestation(
                        f9,
                        attestationKey,
                        key.pair.getPublic(),
                        slot,
                        serial,
                        version,
                        key.pinPolicy,
                        key.touchPolicy)),
                SW_OK);
    }

    private Response getData(byte[] data) {
        Map<Integer, byte[]> request = decode(data);
        byte[] id = request.get(0x5c);
        if (id == null) {
            return Response.of(0x6a80);
        }
        int objectId = new BigInteger(1, id).intValue();
        if (objectId == PROTECTED_OBJECT && !pinVerified) {
            return Response.of(0x6982);
        }
        byte[] object = objects.get(objectId);
        return object == null ? Response.of(0x6a82) : new Response(tlv(0x53, object), SW_OK);
    }

    private Response putData(byte[] data) {
        if (!authenticated) {
            return Response.of(0x6982);
        }
        Map<Integer, byte[]> request = decode(data);
        byte[] id = request.get(0x5c);
        byte[] object = request.get(0x53);
        if (id == null || object == null) {
            return Response.of(0x6a80);
        }
        int objectId = new BigInteger(1, id).intValue();
        if (object.length == 0) {
            objects.remove(objectId);
        } else {
            objects.put(objectId, object);
        }
        return Response.of(SW_OK);
    }

    private Response reset() {
        if (pinTries != 0 || pukTries != 0) {
            return Response.of(0x6985);
        }
        slots.clear();
        objects.keySet().removeIf(id -> id != ATTESTATION_OBJECT);
        pin = padded("123456");
        puk = padded("12345678");
        pinDefault = true;
        pukDefault = true;
        pinTries = MAX_TRIES;
        pukTries = MAX_TRIES;
        managementKey = HexFormat.of().parseHex(YubiKeyPivSource.DEFAULT_MANAGEMENT_KEY);
        resetSecurityState();
        selected = true;
        return Response.of(SW_OK);
    }

    // ---- helpers ----

    private void resetSecurityState() {
        selected = false;
        pinVerified = false;
        pinFresh = false;
        authenticated = false;
        witness = null;
        chained.reset();
        pendingResponse = new byte[0];
    }

    private byte[] nextChunk(boolean extended) {
        if (pendingResponse.length == 0) {
            return sw(0x6985);
        }
        int size = extended ? pendingResponse.length : Math.min(256, pendingResponse.length);
        byte[] chunk = Arrays.copyOf(pendingResponse, size);
        pendingResponse = Arrays.copyOfRange(pendingResponse, size, pendingResponse.length);
        int remaining = pendingResponse.length;
        return concat(chunk, remaining == 0 ? SW_OK : 0x6100 | Math.min(remaining, 256) & 0xff);
    }

    private boolean atLeast(int major, int minor) {
        int have = (version[0] & 0xff) * 256 + (version[1] & 0xff);
        return have >= major * 256 + minor;
    }

    private byte[] serialBytes() {
        return new byte[] {(byte) (serial >>> 24), (byte) (serial >>> 16), (byte) (serial >>> 8), (byte) serial};
    }

    private byte[] managementCipher(int mode, byte[] block) {
        try {
            String algorithm = managementKeyType == 0x03 ? "DESede" : "AES";
            Cipher cipher = Cipher.getInstance(algorithm + "/ECB/NoPadding");
            cipher.init(mode, new SecretKeySpec(managementKey, algorithm));
            return cipher.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int defaultPinPolicy(int slot) {
        return switch (slot) {
            case 0x9c -> 3; // ALWAYS
            case 0x9e -> 1; // NEVER
            default -> 2; // ONCE
        };
    }

    private static int policy(byte[] requested, int fallback) {
        return requested == null || requested.length != 1 || requested[0] == 0 ? fallback : requested[0] & 0xff;
    }

    private static byte[] publicKeyTlv(SlotKey key) {
        if (key.pair.getPublic() instanceof ECPublicKey ec) {
            int size = key.keyType == 0x11 ? 32 : 48;
            byte[] point = concat(
                    new byte[] {4},
                    concat(fixed(ec.getW().getAffineX(), size), fixed(ec.getW().getAffineY(), size)));
            return tlv(0x86, point);
        }
        byte[] spki = key.pair.getPublic().getEncoded();
        return tlv(0x86, Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    private static byte[] fixed(BigInteger value, int size) {
        byte[] bytes = value.toByteArray();
        if (bytes.length == size) {
            return bytes;
        }
        byte[] out = new byte[size];
        int copy = Math.min(bytes.length, size);
        System.arraycopy(bytes, bytes.length - copy, out, size - copy, copy);
        return out;
    }

    private static byte[] padded(String secret) {
        byte[] bytes = Arrays.copyOf(secret.getBytes(StandardCharsets.UTF_8), 8);
        Arrays.fill(bytes, secret.length(), 8, (byte) 0xff);
        return bytes;
    }

    private static int length(byte[] paddedSecret) {
        int n = 0;
        while (n < paddedSecret.length && paddedSecret[n] != (byte) 0xff) {
            n++;
        }
        return n;
    }

    static byte[] certificateObject(byte[] der) {
        return concat(tlv(0x70, der), concat(tlv(0x71, new byte[] {0}), tlv(0xfe, new byte[0])));
    }

    private static byte[] unwrapCertificate(byte[] object) {
        return decode(object).get(0x70);
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sw(int sw) {
        return new byte[] {(byte) (sw >>> 8), (byte) sw};
    }

    static byte[] concat(byte[] data, int sw) {
        return concat(data, sw(sw));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** BER-TLV with one- or two-byte tags (as PIV uses them) and definite lengths. */
    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (tag > 0xff) {
            out.write(tag >>> 8);
        }
        out.write(tag & 0xff);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n <= 0xff) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >>> 8);
            out.write(n & 0xff);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] encode(Map<Integer, byte[]> tlvs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tlvs.forEach((tag, value) -> out.writeBytes(tlv(tag, value)));
        return out.toByteArray();
    }

    /** The TLVs in {@code data} by tag; malformed data reads as what parsed before the fault. */
    static Map<Integer, byte[]> decode(byte[] data) {
        Map<Integer, byte[]> tlvs = new LinkedHashMap<>();
        int i = 0;
        while (i < data.length) {
            int tag = data[i++] & 0xff;
            if ((tag & 0x1f) == 0x1f && i < data.length) {
                tag = (tag << 8) | (data[i++] & 0xff);
            }
            if (i >= data.length) {
                break;
            }
            int length = data[i++] & 0xff;
            if (length == 0x81 && i < data.length) {
                length = data[i++] & 0xff;
            } else if (length == 0x82 && i + 1 < data.length) {
                length = ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
                i += 2;
            }
            if (i + length > data.length) {
                break;
            }
            tlvs.put(tag, Arrays.copyOfRange(data, i, i + length));
            i += length;
        }
        return tlvs;
    }

    private static byte[] unwrap(int tag, byte[] data) {
        byte[] value = decode(data).get(tag);
        return value == null ? new byte[0] : value;
    }

    private record Response(byte[] data, int sw) {
        static Response of(int sw) {
            return new Response(new byte[0], sw);
        }
    }

    /** One command APDU: header, data, and whether it used the extended length format. */
    private record Command(byte cla, byte ins, int p1, int p2, byte[] data, boolean extended) {

        static Command parse(byte[] apdu) {
            if (apdu.length < 4) {
                throw new IllegalArgumentException("short APDU");
            }
            byte cla = apdu[0];
            byte ins = apdu[1];
            int p1 = apdu[2] & 0xff;
            int p2 = apdu[3] & 0xff;
            if (apdu.length <= 5) {
                return new Command(cla, ins, p1, p2, new byte[0], false); // no data, maybe Le
            }
            if (apdu[4] != 0) {
                int lc = apdu[4] & 0xff;
                if (apdu.length < 5 + lc || apdu.length > 6 + lc) {
                    throw new IllegalArgumentException("Lc does not match");
                }
                return new Command(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, 5 + lc), false);
            }
            if (apdu.length == 7) {
                return new Command(cla, ins, p1, p2, new byte[0], true); // extended Le only
            }
            int lc = ((apdu[5] & 0xff) << 8) | (apdu[6] & 0xff);
            if (apdu.length < 7 + lc || apdu.length > 9 + lc) {
                throw new IllegalArgumentException("extended Lc does not match");
            }
            return new Command(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 7, 7 + lc), true);
        }
    }
}
