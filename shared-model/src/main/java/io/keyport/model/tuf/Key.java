package io.keyport.model.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.crypto.TufCrypto;
import java.security.PublicKey;
import java.util.Map;
import java.util.Set;

/**
 * A public key as TUF publishes it: {@code {"keytype", "scheme", "keyval": {"public": ...}}} plus any
 * unrecognised fields. The keyid is not part of the object; it is the key under which a role lists it.
 *
 * <p>Encodings ({@link TufCrypto}): {@code ed25519} keys as 64 hex characters of the raw key, ECDSA and
 * RSA keys as a PEM SubjectPublicKeyInfo. A PEM value is kept exactly as published, since its line
 * breaks are part of the hashed bytes.
 *
 * @param keyType {@code ed25519}, {@code ecdsa} (or the legacy {@code ecdsa-sha2-nistp256}), {@code rsa}
 * @param scheme the signature scheme, e.g. {@code ecdsa-sha2-nistp256}
 * @param keyVal the key values; {@code public} is the one every scheme uses
 * @param unrecognizedFields other fields of the key object, kept as read
 */
public record Key(String keyType, String scheme, Map<String, String> keyVal, Map<String, JsonNode> unrecognizedFields) {

    private static final Set<String> KNOWN = Set.of("keytype", "scheme", "keyval");

    public Key {
        keyVal = Fields.copy(keyVal, "keyval");
        unrecognizedFields = Fields.extra(unrecognizedFields, KNOWN, "key");
        if (!keyVal.containsKey("public")) {
            throw TufException.malformed("key: keyval.public is missing");
        }
    }

    /** A key with only {@code keyval.public} and no extra fields, as Keyport publishes keys. */
    public static Key of(String keyType, String scheme, String publicValue) {
        return new Key(keyType, scheme, Map.of("public", publicValue), Map.of());
    }

    /** The TUF key of a JCA public key, in the encoding the scheme uses. */
    public static Key of(PublicKey publicKey, SignatureScheme scheme) {
        return TufCrypto.key(publicKey, scheme);
    }

    /** The value of {@code keyval.public}. */
    public String publicValue() {
        return keyVal.get("public");
    }

    /**
     * The keyid: lower-case hex SHA-256 of the canonical JSON of this key object exactly as it is
     * published, unrecognised fields included. With no extra fields this equals securesystemslib's
     * default keyid (over {@code keytype}, {@code scheme}, {@code keyval}).
     */
    public String keyId() {
        return TufJson.sha256Hex(TufJson.canonical(toJson()));
    }

    /**
     * securesystemslib's default keyid ({@code compute_default_keyid}): the SHA-256 over
     * {@code keytype}, {@code scheme} and {@code keyval} only, ignoring extra fields. RSTUF publishes
     * keys with {@code x-rstuf-*} fields under this keyid; tuf-on-ci hashes the whole object
     * ({@link #keyId()}).
     */
    public String coreKeyId() {
        return new Key(keyType, scheme, keyVal, Map.of()).keyId();
    }

    /** Whether {@code keyId} is this key's keyid under either definition ({@link #keyId()}, {@link #coreKeyId()}). */
    public boolean matchesKeyId(String keyId) {
        return keyId.equals(keyId()) || keyId.equals(coreKeyId());
    }

    /** Whether {@code signature} is a valid signature of {@code payload} by this key. Never throws for a bad signature. */
    public boolean verify(byte[] payload, byte[] signature) {
        return TufCrypto.verify(this, payload, signature);
    }

    /** This key as a JCA public key. */
    public PublicKey toPublicKey() {
        return TufCrypto.publicKey(this);
    }

    public ObjectNode toJson() {
        ObjectNode out = Fields.object(unrecognizedFields);
        out.put("keytype", keyType);
        out.put("scheme", scheme);
        out.set("keyval", Fields.stringObject(keyVal));
        return out;
    }

    static Key fromJson(JsonNode node, String where) {
        Fields f = Fields.of(node, where);
        return new Key(f.string("keytype"), f.string("scheme"), f.stringMap("keyval"), f.unrecognized());
    }
}
