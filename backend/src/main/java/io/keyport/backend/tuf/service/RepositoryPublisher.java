package io.keyport.backend.tuf.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.tuf.store.TufStore;
import io.keyport.model.common.Json;
import io.keyport.model.tuf.DelegatedRole;
import io.keyport.model.tuf.Delegations;
import io.keyport.model.tuf.MetaFile;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Signed;
import io.keyport.model.tuf.Snapshot;
import io.keyport.model.tuf.SuccinctRoles;
import io.keyport.model.tuf.TargetFile;
import io.keyport.model.tuf.Targets;
import io.keyport.model.tuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds, signs with the online key and stores the repository's metadata, always inside the caller's
 * transaction and after it locked the repository row: the bootstrap (targets delegating to hash bins
 * or custom roles, every delegated role, snapshot, timestamp, and the offline-signed root), each
 * publication of pending artifact changes, and each renewal of roles that are about to expire.
 *
 * <p>A publication re-signs only the roles with pending changes (rebuilt from their artifact rows),
 * then one new snapshot and one new timestamp, however many requests the changes came from. The
 * versions are stored in the safe order (delegated roles, snapshot, timestamp) and become visible
 * together when the transaction commits, so a client never sees a timestamp that points at
 * something missing.
 */
public final class RepositoryPublisher {

    private static final String BINS_PREFIX = "bins";

    private final TufStore store;
    private final OnlineKey key;
    private final Duration margin;

    public RepositoryPublisher(TufStore store, OnlineKey key, Duration margin) {
        this.store = store;
        this.key = key;
        this.margin = margin;
    }

    /** The delegated role that holds a target path, if any: its hash bin, or the first custom role that matches. */
    public static Optional<String> roleFor(RepositorySettings settings, String path) {
        if (settings.numberOfBins() != null) {
            return Optional.of(bins(settings, List.of()).roleForTarget(path));
        }
        for (RepositorySettings.CustomRole role : settings.delegations()) {
            if (DelegatedRole.withPaths(role.name(), List.of(), 1, role.terminating(), role.paths())
                    .isDelegatedPath(path)) {
                return Optional.of(role.name());
            }
        }
        return Optional.empty();
    }

    /** Writes version 1 of every role; {@code root} was checked by {@link BootstrapPayload}. */
    public void bootstrap(Connection c, Metadata<Root> root, RepositorySettings settings, Instant now)
            throws SQLException {
        String id = key.keyId();
        Delegations delegations;
        List<String> delegated;
        if (settings.numberOfBins() != null) {
            SuccinctRoles bins = bins(settings, List.of(id));
            delegations = Delegations.succinct(Map.of(id, key.publicKey()), bins);
            delegated = bins.roleNames();
        } else {
            List<DelegatedRole> roles = settings.delegations().stream()
                    .map(r -> DelegatedRole.withPaths(r.name(), List.of(id), 1, r.terminating(), r.paths()))
                    .toList();
            delegations = Delegations.named(Map.of(id, key.publicKey()), roles);
            delegated = roles.stream().map(DelegatedRole::name).toList();
        }
        Map<String, MetaFile> meta = new LinkedHashMap<>();
        for (String name : delegated) {
            sign(
                    c,
                    name,
                    new Targets(Signed.SPEC_VERSION, 1, expires(settings, name, now), Map.of(), null, Map.of()),
                    now);
            meta.put(name + ".json", MetaFile.of(1));
        }
        sign(
                c,
                Targets.TYPE,
                new Targets(
                        Signed.SPEC_VERSION, 1, expires(settings, Targets.TYPE, now), Map.of(), delegations, Map.of()),
                now);
        meta.put("targets.json", MetaFile.of(1));
        byte[] snapshot = sign(
                c,
                Snapshot.TYPE,
                new Snapshot(Signed.SPEC_VERSION, 1, expires(settings, Snapshot.TYPE, now), meta, Map.of()),
                now);
        sign(
                c,
                Timestamp.TYPE,
                new Timestamp(
                        Signed.SPEC_VERSION,
                        1,
                        expires(settings, Timestamp.TYPE, now),
                        MetaFile.of(1, snapshot),
                        Map.of()),
                now);
        store.putMetadata(
                c, Root.TYPE, 1, root.signed().expires(), new String(root.toBytes(), StandardCharsets.UTF_8), now);
    }

    /**
     * Publishes every pending artifact change: each role with changes gets a new version listing its
     * artifacts, then one snapshot and one timestamp. Returns the roles published (empty: nothing was pending).
     */
    public List<String> publish(Connection c, RepositorySettings settings, Instant now) throws SQLException {
        List<String> changed = store.pendingRoles(c);
        if (changed.isEmpty()) {
            return List.of();
        }
        Map<String, Long> versions = new LinkedHashMap<>();
        for (String role : changed) {
            Map<String, TargetFile> targets = new LinkedHashMap<>();
            for (TufStore.ArtifactRow row : store.targetsOf(c, role)) {
                targets.put(row.path(), targetFile(row.info()));
            }
            long version = store.role(c, role).map(r -> r.version() + 1).orElse(1L);
            sign(
                    c,
                    role,
                    new Targets(Signed.SPEC_VERSION, version, expires(settings, role, now), targets, null, Map.of()),
                    now);
            versions.put(role, version);
        }
        store.markPublished(c);
        newSnapshot(c, settings, versions, now);
        return changed;
    }

    /**
     * Renews each online role that expires within the margin, each on its own clock: a targets role
     * or bin gets a new version (and so a new snapshot), the snapshot when it or a targets role was
     * renewed, the timestamp when it or the snapshot was. Returns the roles renewed.
     */
    public List<String> renew(Connection c, RepositorySettings settings, Instant now) throws SQLException {
        Instant due = now.plus(margin);
        Map<String, Long> versions = new LinkedHashMap<>();
        TufStore.RoleRow snapshot = null;
        TufStore.RoleRow timestamp = null;
        for (TufStore.RoleRow row : store.roles(c)) {
            switch (row.name()) {
                case Root.TYPE -> {}
                case Snapshot.TYPE -> snapshot = row;
                case Timestamp.TYPE -> timestamp = row;
                default -> {
                    if (row.expires().isAfter(due)) {
                        continue;
                    }
                    Metadata<Targets> current = current(c, row.name(), Targets.class);
                    Targets next = current.signed()
                            .withVersion(row.version() + 1)
                            .withExpires(expires(settings, row.name(), now));
                    sign(c, row.name(), next, now);
                    versions.put(row.name(), next.version());
                }
            }
        }
        if (snapshot == null || timestamp == null) {
            return List.of();
        }
        List<String> renewed = new ArrayList<>(versions.keySet());
        if (!versions.isEmpty() || !snapshot.expires().isAfter(due)) {
            newSnapshot(c, settings, versions, now);
            renewed.add(Snapshot.TYPE);
            renewed.add(Timestamp.TYPE);
        } else if (!timestamp.expires().isAfter(due)) {
            String content = store.currentMetadata(c, Snapshot.TYPE).orElseThrow();
            newTimestamp(c, settings, snapshot.version(), content.getBytes(StandardCharsets.UTF_8), now);
            renewed.add(Timestamp.TYPE);
        }
        return renewed;
    }

    /** A new snapshot naming the new versions of {@code versions}, then a new timestamp naming it. */
    private void newSnapshot(Connection c, RepositorySettings settings, Map<String, Long> versions, Instant now)
            throws SQLException {
        Snapshot current = current(c, Snapshot.TYPE, Snapshot.class).signed();
        Map<String, MetaFile> meta = new LinkedHashMap<>(current.meta());
        versions.forEach((role, version) -> meta.put(role + ".json", MetaFile.of(version)));
        Snapshot next = current.withMeta(meta)
                .withVersion(current.version() + 1)
                .withExpires(expires(settings, Snapshot.TYPE, now));
        byte[] bytes = sign(c, Snapshot.TYPE, next, now);
        newTimestamp(c, settings, next.version(), bytes, now);
    }

    private void newTimestamp(
            Connection c, RepositorySettings settings, long snapshotVersion, byte[] snapshot, Instant now)
            throws SQLException {
        Timestamp current = current(c, Timestamp.TYPE, Timestamp.class).signed();
        Timestamp next = current.withSnapshotMeta(MetaFile.of(snapshotVersion, snapshot))
                .withVersion(current.version() + 1)
                .withExpires(expires(settings, Timestamp.TYPE, now));
        sign(c, Timestamp.TYPE, next, now);
    }

    private <T extends Signed> Metadata<T> current(Connection c, String role, Class<T> type) throws SQLException {
        String content = store.currentMetadata(c, role)
                .orElseThrow(() -> new IllegalStateException("the repository has no " + role + " metadata"));
        return Metadata.fromBytes(content.getBytes(StandardCharsets.UTF_8), type);
    }

    /** Signs {@code signed} with the online key and stores it as the role's current version; returns the bytes. */
    private byte[] sign(Connection c, String role, Signed signed, Instant now) throws SQLException {
        byte[] bytes = Metadata.of(signed).sign(key.signer()).toBytes();
        store.putMetadata(c, role, signed.version(), signed.expires(), new String(bytes, StandardCharsets.UTF_8), now);
        return bytes;
    }

    private static Instant expires(RepositorySettings settings, String role, Instant now) {
        return now.plus(Duration.ofDays(settings.days(role))).truncatedTo(ChronoUnit.SECONDS);
    }

    private static SuccinctRoles bins(RepositorySettings settings, List<String> keyIds) {
        int bits = Integer.numberOfTrailingZeros(settings.numberOfBins());
        return SuccinctRoles.of(keyIds.isEmpty() ? List.of() : keyIds, 1, bits, BINS_PREFIX);
    }

    /** A target as stored in an artifact row ({@code {"length", "hashes", "custom"?}}, checked when accepted). */
    static TargetFile targetFile(String info) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(info);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored artifact is not JSON", e);
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.get("hashes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> hash = it.next();
            hashes.put(hash.getKey(), hash.getValue().textValue());
        }
        JsonNode custom = node.get("custom");
        return new TargetFile(node.get("length").longValue(), hashes, custom, Map.of());
    }
}
