package io.keyport.model.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The signed part of TUF metadata, one record per role type. Every role shares {@code _type},
 * {@code spec_version}, {@code version} and {@code expires}, and keeps fields it does not know in
 * {@link #unrecognizedFields()}, so that metadata read and written again keeps its canonical bytes and
 * therefore its signatures.
 *
 * <p>Records are immutable; {@code withVersion}/{@code withExpires} and the role-specific
 * {@code with...} methods return changed copies, as a repository bumps a role before signing it.
 */
public sealed interface Signed permits Root, Targets, Snapshot, Timestamp {

    /** The specification version Keyport writes. */
    String SPEC_VERSION = "1.0.31";

    /** The names of the top-level roles. */
    Set<String> TOP_LEVEL_ROLES = Set.of(Root.TYPE, Targets.TYPE, Snapshot.TYPE, Timestamp.TYPE);

    /** {@code root}, {@code targets}, {@code snapshot} or {@code timestamp}. */
    String type();

    String specVersion();

    /** At least 1, strictly increasing per role. */
    long version();

    /** Whole seconds, UTC. */
    Instant expires();

    Map<String, JsonNode> unrecognizedFields();

    /** The same role with another version. */
    Signed withVersion(long version);

    /** The same role with another expiry (truncated to whole seconds). */
    Signed withExpires(Instant expires);

    /** The signed object as JSON, unrecognised fields included. */
    ObjectNode toJson();

    /** Whether the role has expired at {@code reference}: expired when {@code reference >= expires}. */
    default boolean isExpired(Instant reference) {
        return !reference.isBefore(expires());
    }

    /** The canonical JSON of {@link #toJson()}: the bytes signatures are made over. */
    default byte[] canonicalBytes() {
        return TufJson.canonical(toJson());
    }

    /** Reads any role from its {@code signed} object, by {@code _type}. */
    static Signed fromJson(JsonNode node) {
        Fields f = Fields.of(node, "signed");
        String type = Fields.text(f.required("_type"), "signed._type");
        return switch (type) {
            case Root.TYPE -> Root.fromJson(node);
            case Targets.TYPE -> Targets.fromJson(node);
            case Snapshot.TYPE -> Snapshot.fromJson(node);
            case Timestamp.TYPE -> Timestamp.fromJson(node);
            default -> throw TufException.malformed("unknown metadata type: " + type);
        };
    }
}
