package io.keyport.model.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The snapshot role: the version (and optionally length and hashes) of every targets metadata file,
 * top-level and delegated, keyed by file name ({@code targets.json}, {@code bins-0a.json}).
 */
public record Snapshot(
        String specVersion,
        long version,
        Instant expires,
        Map<String, MetaFile> meta,
        Map<String, JsonNode> unrecognizedFields)
        implements Signed {

    public static final String TYPE = "snapshot";
    private static final Set<String> KNOWN = SignedParts.known("meta");

    public Snapshot {
        expires = SignedParts.validate(TYPE, specVersion, version, expires);
        meta = Fields.copy(meta, "snapshot meta");
        unrecognizedFields = Fields.extra(unrecognizedFields, KNOWN, TYPE);
    }

    /** Version 1 listing {@code targets.json} version 1. */
    public static Snapshot create(Instant expires) {
        return new Snapshot(SPEC_VERSION, 1, expires, Map.of("targets.json", MetaFile.of(1)), Map.of());
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The entry of a targets role by role name ({@code bins-0a}, not {@code bins-0a.json}). */
    public Optional<MetaFile> metaFor(String roleName) {
        return Optional.ofNullable(meta.get(roleName + ".json"));
    }

    /** This snapshot with a role's entry added or replaced. */
    public Snapshot withMeta(String roleName, MetaFile file) {
        Map<String, MetaFile> copy = new LinkedHashMap<>(meta);
        copy.put(roleName + ".json", file);
        return new Snapshot(specVersion, version, expires, copy, unrecognizedFields);
    }

    /** This snapshot with its entries replaced (one copy, for many bins). */
    public Snapshot withMeta(Map<String, MetaFile> newMeta) {
        return new Snapshot(specVersion, version, expires, newMeta, unrecognizedFields);
    }

    @Override
    public Snapshot withVersion(long newVersion) {
        return new Snapshot(specVersion, newVersion, expires, meta, unrecognizedFields);
    }

    @Override
    public Snapshot withExpires(Instant newExpires) {
        return new Snapshot(specVersion, version, newExpires, meta, unrecognizedFields);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode out = SignedParts.commonJson(this);
        out.set("meta", Fields.objectNode(meta, MetaFile::toJson));
        return out;
    }

    static Snapshot fromJson(JsonNode node) {
        Fields f = Fields.of(node, "signed");
        SignedParts.Common c = SignedParts.common(f, TYPE);
        Map<String, MetaFile> meta = f.objects("meta", MetaFile::fromJson);
        return new Snapshot(c.specVersion(), c.version(), c.expires(), meta, f.unrecognized());
    }
}
