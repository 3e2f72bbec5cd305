package io.keyport.model.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The timestamp role: the version (and optionally length and hashes) of the current snapshot, in
 * {@code meta} under {@code snapshot.json}, its only entry.
 */
public record Timestamp(
        String specVersion,
        long version,
        Instant expires,
        MetaFile snapshotMeta,
        Map<String, JsonNode> unrecognizedFields)
        implements Signed {

    public static final String TYPE = "timestamp";
    private static final Set<String> KNOWN = SignedParts.known("meta");

    public Timestamp {
        expires = SignedParts.validate(TYPE, specVersion, version, expires);
        if (snapshotMeta == null) {
            throw TufException.malformed("timestamp: meta snapshot.json is missing");
        }
        unrecognizedFields = Fields.extra(unrecognizedFields, KNOWN, TYPE);
    }

    /** Version 1 pointing at snapshot version 1. */
    public static Timestamp create(Instant expires) {
        return new Timestamp(SPEC_VERSION, 1, expires, MetaFile.of(1), Map.of());
    }

    @Override
    public String type() {
        return TYPE;
    }

    public Timestamp withSnapshotMeta(MetaFile file) {
        return new Timestamp(specVersion, version, expires, file, unrecognizedFields);
    }

    @Override
    public Timestamp withVersion(long newVersion) {
        return new Timestamp(specVersion, newVersion, expires, snapshotMeta, unrecognizedFields);
    }

    @Override
    public Timestamp withExpires(Instant newExpires) {
        return new Timestamp(specVersion, version, newExpires, snapshotMeta, unrecognizedFields);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode out = SignedParts.commonJson(this);
        out.putObject("meta").set("snapshot.json", snapshotMeta.toJson());
        return out;
    }

    static Timestamp fromJson(JsonNode node) {
        Fields f = Fields.of(node, "signed");
        SignedParts.Common c = SignedParts.common(f, TYPE);
        JsonNode meta = f.required("meta");
        if (!meta.isObject() || meta.size() != 1 || !meta.has("snapshot.json")) {
            throw TufException.malformed("signed.meta of a timestamp must hold exactly snapshot.json");
        }
        return new Timestamp(
                c.specVersion(),
                c.version(),
                c.expires(),
                MetaFile.fromJson(meta.get("snapshot.json"), "signed.meta.snapshot.json"),
                f.unrecognized());
    }
}
