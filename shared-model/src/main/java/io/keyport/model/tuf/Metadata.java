package io.keyport.model.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.model.tuf.signer.Signer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The signed envelope of every TUF metadata file: {@code {"signed": {...}, "signatures": [...]}}, with
 * unrecognised envelope fields kept. Signatures are over the canonical JSON of {@code signed}
 * ({@link #signedBytes()}).
 *
 * <p>Reading keeps every field at every level, so {@code fromBytes(x).signedBytes()} equals the
 * canonical form of the {@code signed} object in {@code x} and its signatures still verify. Signatures
 * are kept as a list, as read; several signatures by one keyid are allowed here and count once in
 * verification ({@link Delegator}).
 *
 * <pre>{@code
 * Metadata<Targets> md = Metadata.of(Targets.create(expires).withTarget(path, TargetFile.of(bytes)));
 * md = md.sign(onlineSigner);
 * byte[] file = md.toBytes();
 * Metadata<Targets> back = Metadata.fromBytes(file, Targets.class);
 * }</pre>
 *
 * @param <T> the role type
 */
public record Metadata<T extends Signed>(
        T signed, List<Signature> signatures, Map<String, JsonNode> unrecognizedFields) {

    private static final Set<String> KNOWN = Set.of("signed", "signatures");

    public Metadata {
        if (signed == null) {
            throw new IllegalArgumentException("signed is missing");
        }
        signatures = List.copyOf(signatures);
        unrecognizedFields = Fields.extra(unrecognizedFields, KNOWN, "metadata");
    }

    /** Unsigned metadata for a role. */
    public static <T extends Signed> Metadata<T> of(T signed) {
        return new Metadata<>(signed, List.of(), Map.of());
    }

    /**
     * Reads metadata of any role.
     *
     * @throws TufException {@link TufException.Reason#MALFORMED} if the bytes are not TUF metadata
     */
    public static Metadata<Signed> fromBytes(byte[] json) {
        return fromJson(TufJson.parse(json));
    }

    /**
     * Reads metadata of a given role type.
     *
     * @throws TufException {@link TufException.Reason#MALFORMED} if the bytes are not metadata of that type
     */
    public static <T extends Signed> Metadata<T> fromBytes(byte[] json, Class<T> type) {
        return fromJson(TufJson.parse(json)).as(type);
    }

    /** Reads metadata from a JSON tree (one that {@link TufJson#parse(byte[])} accepted, or built in code). */
    public static Metadata<Signed> fromJson(JsonNode node) {
        Fields f = Fields.of(node, "metadata");
        Signed signed = Signed.fromJson(f.required("signed"));
        JsonNode list = f.required("signatures");
        if (!list.isArray()) {
            throw TufException.malformed("signatures must be an array");
        }
        List<Signature> signatures = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            signatures.add(Signature.fromJson(list.get(i), "signatures[" + i + "]"));
        }
        return new Metadata<>(signed, signatures, f.unrecognized());
    }

    /**
     * This metadata typed as a role.
     *
     * @throws TufException {@link TufException.Reason#MALFORMED} if the role is another type
     */
    @SuppressWarnings("unchecked")
    public <R extends Signed> Metadata<R> as(Class<R> type) {
        if (!type.isInstance(signed)) {
            throw TufException.malformed("expected " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT)
                    + " metadata, found " + signed.type());
        }
        return (Metadata<R>) this;
    }

    /** The canonical JSON of {@code signed}: the bytes every signature signs. */
    public byte[] signedBytes() {
        return signed.canonicalBytes();
    }

    /**
     * A signature of this metadata by {@code signer}, without adding it: what an offline ceremony hands
     * back to the server.
     *
     * @throws TufException {@link TufException.Reason#SIGNER} if the signer fails
     */
    public Signature signatureBy(Signer signer) {
        return Signature.of(signer.keyId(), signer.sign(signedBytes()));
    }

    /** This metadata signed by {@code signer}, replacing any earlier signature by the same keyid. */
    public Metadata<T> sign(Signer signer) {
        return withSignature(signatureBy(signer));
    }

    /** This metadata with a signature added, replacing any earlier one by the same keyid. */
    public Metadata<T> withSignature(Signature signature) {
        List<Signature> list = new ArrayList<>(signatures.size() + 1);
        for (Signature s : signatures) {
            if (!s.keyId().equals(signature.keyId())) {
                list.add(s);
            }
        }
        list.add(signature);
        return new Metadata<>(signed, list, unrecognizedFields);
    }

    /** This metadata without any signature (for instance after changing {@code signed}). */
    public Metadata<T> withoutSignatures() {
        return new Metadata<>(signed, List.of(), unrecognizedFields);
    }

    /** New signed content; the signatures are dropped, since they no longer match. */
    public <R extends Signed> Metadata<R> withSigned(R newSigned) {
        return new Metadata<>(newSigned, List.of(), unrecognizedFields);
    }

    public ObjectNode toJson() {
        ObjectNode out = Fields.object(unrecognizedFields);
        out.set("signed", signed.toJson());
        ArrayNode list = out.putArray("signatures");
        signatures.forEach(s -> list.add(s.toJson()));
        return out;
    }

    /** Compact JSON with sorted keys: the bytes to publish. */
    public byte[] toBytes() {
        return TufJson.write(toJson());
    }

    /** Indented JSON with sorted keys. */
    public byte[] toPrettyBytes() {
        return TufJson.writePretty(toJson());
    }
}
