package io.keyport.backend.tuf.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.db.Database;
import io.keyport.backend.tuf.store.TufStore;
import io.keyport.model.common.CanonicalJson;
import io.keyport.model.common.Json;
import io.keyport.model.tuf.DelegatedRole;
import io.keyport.model.tuf.Delegations;
import io.keyport.model.tuf.MetaFile;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Signature;
import io.keyport.model.tuf.Signed;
import io.keyport.model.tuf.Snapshot;
import io.keyport.model.tuf.SuccinctRoles;
import io.keyport.model.tuf.TargetFile;
import io.keyport.model.tuf.Targets;
import io.keyport.model.tuf.Timestamp;
import io.keyport.model.tuf.signer.Signer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

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

    private final Database db;
    private final TufStore store;
    private final OnlineKey key;
    private final Duration margin;
    private final BinTargets binTargets = new BinTargets();

    /** A snapshot this process stored: its entry in the timestamp (version, length, SHA-256) and its content. */
    private record HeldSnapshot(MetaFile file, Snapshot snapshot) {}

    /**
     * The snapshot this process stored last (decision 0062), held once the transaction committed:
     * with 4,096 bins it lists 4,096 roles, and the next snapshot starts from it instead of parsing
     * the stored file, as long as the current timestamp names exactly these bytes (so neither
     * another writer nor a rolled-back savepoint can make it stale).
     */
    private volatile HeldSnapshot heldSnapshot;

    public RepositoryPublisher(Database db, TufStore store, OnlineKey key, Duration margin) {
        this.db = db;
        this.store = store;
        this.key = key;
        this.margin = margin;
    }

    /** The delegated role that holds a target path, if any: its hash bin, or the first custom role that matches. */
    public static Optional<String> roleFor(RepositorySettings settings, String path) {
        return router(settings).apply(path);
    }

    /** {@link #roleFor} for many paths of one repository: the bins are described once. */
    public static Function<String, Optional<String>> router(RepositorySettings settings) {
        if (settings.numberOfBins() != null) {
            SuccinctRoles bins = bins(settings, List.of());
            return path -> Optional.of(bins.roleForTarget(path));
        }
        return path -> customRoleFor(settings, path);
    }

    private static Optional<String> customRoleFor(RepositorySettings settings, String path) {
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
        Signer signer = key.signer();
        Delegations delegations = delegations(settings, signer);
        List<String> delegated = delegatedNames(settings);
        Map<String, MetaFile> meta = new LinkedHashMap<>();
        List<TufStore.NewMetadata> roles = new ArrayList<>();
        for (String name : delegated) {
            Targets first = new Targets(Signed.SPEC_VERSION, 1, expires(settings, name, now), Map.of(), null, Map.of());
            if (settings.offlineRole(name).isPresent()) {
                park(c, name, first, now); // published once its offline keys signed it (decision 0058)
                continue;
            }
            roles.add(new TufStore.NewMetadata(name, 1, first.expires(), signedFile(signer, first)));
            meta.put(name + ".json", MetaFile.of(1));
        }
        store.putMetadata(c, roles, true, now);
        if (settings.numberOfBins() != null) {
            // the first publication applies its changes to these empty bins instead of reading their rows
            List<String> bins = roles.stream().map(TufStore.NewMetadata::role).toList();
            db.afterCommit(c, () -> bins.forEach(bin -> binTargets.put(bin, 1, Collections.emptyNavigableMap())));
        }
        sign(
                c,
                signer,
                Targets.TYPE,
                new Targets(
                        Signed.SPEC_VERSION, 1, expires(settings, Targets.TYPE, now), Map.of(), delegations, Map.of()),
                now);
        meta.put("targets.json", MetaFile.of(1));
        byte[] snapshot = sign(
                c,
                signer,
                Snapshot.TYPE,
                new Snapshot(Signed.SPEC_VERSION, 1, expires(settings, Snapshot.TYPE, now), meta, Map.of()),
                now);
        sign(
                c,
                signer,
                Timestamp.TYPE,
                new Timestamp(
                        Signed.SPEC_VERSION,
                        1,
                        expires(settings, Timestamp.TYPE, now),
                        MetaFile.of(1, snapshot),
                        Map.of()),
                now);
        store.putMetadata(c, Root.TYPE, 1, root.signed().expires(), root.toBytes(), now);
    }

    /**
     * Publishes every pending artifact change: each role with changes gets a new version listing its
     * artifacts, then one snapshot and one timestamp. Returns the roles published (empty: nothing was pending).
     *
     * <p>The work grows with the changed roles, not with the requests: one query reads the pending
     * changes, one the role versions; a bin whose current targets this process published (and so
     * holds, at the version stored) gets the changes applied to them, any other role is rebuilt from
     * its artifact rows (one query per 500 roles). The new versions are written in batches. Only the
     * changes read here are marked published (the watermark moves to the highest change number read),
     * so additions committed meanwhile (they do not wait for this publication's lock, see
     * {@link TufTasks}) have higher numbers and stay pending for the next one.
     */
    public List<String> publish(Connection c, RepositorySettings settings, Instant now) throws SQLException {
        List<TufStore.Change> pending = store.pendingChanges(c);
        if (pending.isEmpty()) {
            return List.of();
        }
        Map<String, List<TufStore.Change>> changes = new TreeMap<>();
        pending.forEach(
                ch -> changes.computeIfAbsent(ch.role(), r -> new ArrayList<>()).add(ch));
        Map<String, Long> current = new HashMap<>();
        for (TufStore.RoleRow row : store.roles(c)) {
            current.put(row.name(), row.version());
        }
        boolean hashBins = settings.numberOfBins() != null;
        Map<String, NavigableMap<String, byte[]>> held = new HashMap<>();
        if (hashBins) {
            for (String role : changes.keySet()) {
                binTargets.at(role, current.get(role)).ifPresent(t -> held.put(role, t));
            }
        }
        Map<String, List<TufStore.ArtifactRow>> rows = store.targetsOf(
                c, changes.keySet().stream().filter(r -> !held.containsKey(r)).toList());
        Signer signer = active(c);
        Map<String, Long> versions = new LinkedHashMap<>();
        List<TufStore.NewMetadata> batch = new ArrayList<>();
        for (Map.Entry<String, List<TufStore.Change>> e : changes.entrySet()) {
            String role = e.getKey();
            Long previous = current.get(role);
            long version = previous == null ? 1L : previous + 1;
            if (settings.offlineRole(role).isPresent()) {
                // waits for its offline keys, replacing a version that waited (decision 0058)
                Map<String, TargetFile> targets = new TreeMap<>();
                for (TufStore.ArtifactRow row : rows.getOrDefault(role, List.of())) {
                    targets.put(row.path(), targetFile(row.info()));
                }
                park(
                        c,
                        role,
                        new Targets(
                                Signed.SPEC_VERSION, version, expires(settings, role, now), targets, null, Map.of()),
                        now);
                continue;
            }
            Instant expires = expires(settings, role, now);
            byte[] file = null;
            if (hashBins) {
                NavigableMap<String, byte[]> fragments = new TreeMap<>(CanonicalJson::compareCodePoints);
                if (held.containsKey(role)) {
                    fragments.putAll(held.get(role));
                    for (TufStore.Change ch : e.getValue()) {
                        if (ch.action().equals("add")) {
                            fragments.put(ch.path(), BinFile.fragment(ch.path(), targetFile(ch.info())));
                        } else {
                            fragments.remove(ch.path());
                        }
                    }
                } else {
                    for (TufStore.ArtifactRow row : rows.getOrDefault(role, List.of())) {
                        fragments.put(row.path(), BinFile.fragment(row.path(), targetFile(row.info())));
                    }
                }
                file = envelope(signer, BinFile.canonical(version, expires, fragments));
                if (file != null) {
                    NavigableMap<String, byte[]> published = Collections.unmodifiableNavigableMap(fragments);
                    db.afterCommit(c, () -> binTargets.put(role, version, published));
                }
            }
            if (file == null) {
                // custom delegations, or a bin with a path or custom field outside printable ASCII
                Map<String, TargetFile> targets = new TreeMap<>();
                for (TufStore.ArtifactRow row : held.containsKey(role)
                        ? store.targetsOf(c, List.of(role)).getOrDefault(role, List.of())
                        : rows.getOrDefault(role, List.of())) {
                    targets.put(row.path(), targetFile(row.info()));
                }
                file = signedFile(signer, new Targets(Signed.SPEC_VERSION, version, expires, targets, null, Map.of()));
            }
            if (previous == null) {
                store.putMetadata(c, role, version, expires, file, now);
            } else {
                batch.add(new TufStore.NewMetadata(role, version, expires, file));
            }
            versions.put(role, version);
        }
        store.putMetadata(c, batch, false, now);
        // Additions and removals do not wait for the repository lock (TufTasks): marking moves the
        // repository's watermark, and takes the artifact lock only to delete removed rows.
        store.markPublished(c, pending);
        if (!versions.isEmpty()) { // only offline roles changed: they publish once signed
            newSnapshot(c, signer, settings, versions, now);
        }
        return List.copyOf(changes.keySet());
    }

    /**
     * The targets of the bins this process published last, by bin and version, as canonical
     * fragments ({@link BinFile}), so that the next publication applies its changes instead of
     * reading and encoding every artifact of each changed bin. Filled only after the publishing
     * transaction committed; used only while the stored version is still the one held (another
     * replica's publication, a renewal or a rotation moves it on, and the bin is then read from its
     * rows). At most {@value #MAX_HELD_TARGETS} targets are held (about 300 bytes each); a bin that
     * would exceed it is dropped.
     */
    static final class BinTargets {

        private record Held(long version, NavigableMap<String, byte[]> fragments) {}

        private final Map<String, Held> bins = new HashMap<>();
        private long size;

        synchronized Optional<NavigableMap<String, byte[]>> at(String bin, Long version) {
            Held held = bins.get(bin);
            return held != null && version != null && held.version() == version
                    ? Optional.of(held.fragments())
                    : Optional.empty();
        }

        synchronized void put(String bin, long version, NavigableMap<String, byte[]> fragments) {
            Held old = bins.remove(bin);
            if (old != null) {
                size -= old.fragments().size();
            }
            if (size + fragments.size() <= MAX_HELD_TARGETS) {
                bins.put(bin, new Held(version, fragments));
                size += fragments.size();
            }
        }
    }

    /** The most targets {@link BinTargets} holds. */
    static final int MAX_HELD_TARGETS = 1_000_000;

    /**
     * Renews each online role that expires within the margin, each on its own clock: a targets role
     * or bin gets a new version (and so a new snapshot), the snapshot when it or a targets role was
     * renewed, the timestamp when it or the snapshot was. Returns the roles renewed.
     */
    public List<String> renew(Connection c, RepositorySettings settings, Instant now) throws SQLException {
        Instant due = now.plus(margin);
        Signer signer = null;
        Map<String, Long> versions = new LinkedHashMap<>();
        TufStore.RoleRow snapshot = null;
        TufStore.RoleRow timestamp = null;
        for (TufStore.RoleRow row : store.roles(c)) {
            switch (row.name()) {
                case Root.TYPE -> {}
                case Snapshot.TYPE -> snapshot = row;
                case Timestamp.TYPE -> timestamp = row;
                default -> {
                    if (row.expires().isAfter(due)
                            || settings.offlineRole(row.name()).isPresent()) {
                        continue; // an offline role is renewed only by its own keys
                    }
                    Metadata<Targets> current = current(c, row.name(), Targets.class);
                    Targets next = current.signed()
                            .withVersion(row.version() + 1)
                            .withExpires(expires(settings, row.name(), now));
                    signer = signer != null ? signer : active(c);
                    sign(c, signer, row.name(), next, now);
                    versions.put(row.name(), next.version());
                }
            }
        }
        if (snapshot == null || timestamp == null) {
            return List.of();
        }
        List<String> renewed = new ArrayList<>(versions.keySet());
        if (!versions.isEmpty() || !snapshot.expires().isAfter(due)) {
            newSnapshot(c, signer != null ? signer : active(c), settings, versions, now);
            renewed.add(Snapshot.TYPE);
            renewed.add(Timestamp.TYPE);
        } else if (!timestamp.expires().isAfter(due)) {
            byte[] content = store.currentMetadataBytes(c, Snapshot.TYPE).orElseThrow();
            newTimestamp(c, active(c), settings, snapshot.version(), content, now);
            renewed.add(Timestamp.TYPE);
        }
        return renewed;
    }

    /**
     * Publishes changed custom delegations: version 1 of each added role, a new targets version whose
     * delegations list the roles of {@code settings}, then a snapshot without the removed roles and a timestamp.
     */
    public void redelegate(
            Connection c, RepositorySettings settings, List<String> added, List<String> removed, Instant now)
            throws SQLException {
        Signer signer = active(c);
        Map<String, Long> versions = new LinkedHashMap<>();
        for (String role : added) {
            Targets first = new Targets(Signed.SPEC_VERSION, 1, expires(settings, role, now), Map.of(), null, Map.of());
            if (settings.offlineRole(role).isPresent()) {
                park(c, role, first, now);
                continue;
            }
            sign(c, signer, role, first, now);
            versions.put(role, 1L);
        }
        Targets targets = current(c, Targets.TYPE, Targets.class).signed();
        Targets next = targets.withDelegations(delegations(settings, signer))
                .withVersion(targets.version() + 1)
                .withExpires(expires(settings, Targets.TYPE, now));
        sign(c, signer, Targets.TYPE, next, now);
        versions.put(Targets.TYPE, next.version());
        newSnapshot(c, signer, settings, versions, removed, now);
    }

    /** A new snapshot naming the new versions of {@code versions}, then a new timestamp naming it. */
    private void newSnapshot(
            Connection c, Signer signer, RepositorySettings settings, Map<String, Long> versions, Instant now)
            throws SQLException {
        newSnapshot(c, signer, settings, versions, List.of(), now);
    }

    private void newSnapshot(
            Connection c,
            Signer signer,
            RepositorySettings settings,
            Map<String, Long> versions,
            List<String> removed,
            Instant now)
            throws SQLException {
        HeldSnapshot held = heldSnapshot;
        Timestamp timestamp = current(c, Timestamp.TYPE, Timestamp.class).signed();
        Snapshot current = held != null && held.file().equals(timestamp.snapshotMeta())
                ? held.snapshot()
                : current(c, Snapshot.TYPE, Snapshot.class).signed();
        Map<String, MetaFile> meta = new LinkedHashMap<>(current.meta());
        removed.forEach(role -> meta.remove(role + ".json"));
        versions.forEach((role, version) -> meta.put(role + ".json", MetaFile.of(version)));
        Snapshot next = current.withMeta(meta)
                .withVersion(current.version() + 1)
                .withExpires(expires(settings, Snapshot.TYPE, now));
        byte[] bytes = sign(c, signer, Snapshot.TYPE, next, now);
        HeldSnapshot stored = new HeldSnapshot(MetaFile.of(next.version(), bytes), next);
        db.afterCommit(c, () -> heldSnapshot = stored);
        newTimestamp(c, signer, settings, timestamp, stored.file(), now);
    }

    private void newTimestamp(
            Connection c,
            Signer signer,
            RepositorySettings settings,
            long snapshotVersion,
            byte[] snapshot,
            Instant now)
            throws SQLException {
        Timestamp current = current(c, Timestamp.TYPE, Timestamp.class).signed();
        newTimestamp(c, signer, settings, current, MetaFile.of(snapshotVersion, snapshot), now);
    }

    /** The timestamp after {@code current}, naming {@code snapshot}. */
    private void newTimestamp(
            Connection c, Signer signer, RepositorySettings settings, Timestamp current, MetaFile snapshot, Instant now)
            throws SQLException {
        Timestamp next = current.withSnapshotMeta(snapshot)
                .withVersion(current.version() + 1)
                .withExpires(expires(settings, Timestamp.TYPE, now));
        sign(c, signer, Timestamp.TYPE, next, now);
    }

    /**
     * Forces new versions of online roles (RSTUF's {@code force_online_metadata_update}): each named
     * targets role or bin gets a new version with the same content, then a new snapshot (when a
     * targets role or the snapshot was named) and a new timestamp. {@code roles} are checked by the
     * caller; {@code bins} names every bin. Returns the roles that got a new version.
     */
    public List<String> forceOnline(Connection c, RepositorySettings settings, Set<String> roles, Instant now)
            throws SQLException {
        Signer signer = active(c);
        Map<String, Long> versions = new LinkedHashMap<>();
        List<String> targetsRoles = new ArrayList<>();
        targetsRoles.add(Targets.TYPE);
        targetsRoles.addAll(onlineDelegatedNames(settings));
        for (String role : targetsRoles) {
            boolean named = roles.contains(role) || (role.startsWith(BINS_PREFIX + "-") && roles.contains(BINS_PREFIX));
            if (named) {
                Metadata<Targets> current = current(c, role, Targets.class);
                Targets next = current.signed()
                        .withVersion(current.signed().version() + 1)
                        .withExpires(expires(settings, role, now));
                sign(c, signer, role, next, now);
                versions.put(role, next.version());
            }
        }
        List<String> updated = new ArrayList<>(versions.keySet());
        if (!versions.isEmpty() || roles.contains(Snapshot.TYPE)) {
            newSnapshot(c, signer, settings, versions, now);
            updated.add(Snapshot.TYPE);
            updated.add(Timestamp.TYPE);
        } else if (roles.contains(Timestamp.TYPE)) {
            byte[] content = store.currentMetadataBytes(c, Snapshot.TYPE).orElseThrow();
            long snapshot = store.role(c, Snapshot.TYPE).orElseThrow().version();
            newTimestamp(c, signer, settings, snapshot, content, now);
            updated.add(Timestamp.TYPE);
        }
        return updated;
    }

    /**
     * Re-signs every online role with a new online key before a root naming it is published: targets
     * (its delegations now name the new key), every delegated role, snapshot and timestamp, each a new
     * version. The caller stores the new root in the same transaction, so clients see both together.
     */
    public void rotateOnlineKey(Connection c, RepositorySettings settings, Signer next, Instant now)
            throws SQLException {
        Map<String, Long> versions = new LinkedHashMap<>();
        for (String role : onlineDelegatedNames(settings)) { // offline roles keep their signatures
            Targets current = current(c, role, Targets.class).signed();
            Targets signed = current.withVersion(current.version() + 1).withExpires(expires(settings, role, now));
            sign(c, next, role, signed, now);
            versions.put(role, signed.version());
        }
        Targets targets = current(c, Targets.TYPE, Targets.class).signed();
        Targets rotated = targets.withDelegations(delegations(settings, next))
                .withVersion(targets.version() + 1)
                .withExpires(expires(settings, Targets.TYPE, now));
        sign(c, next, Targets.TYPE, rotated, now);
        versions.put(Targets.TYPE, rotated.version());
        newSnapshot(c, next, settings, versions, now);
    }

    /** The online key that signs now: the key of the published root's timestamp role. */
    public Signer active(Connection c) throws SQLException {
        Root root = current(c, Root.TYPE, Root.class).signed();
        String keyId = root.role(Timestamp.TYPE).keyIds().get(0);
        return key.find(keyId)
                .orElseThrow(() -> new IllegalStateException("the published root names the online key " + keyId
                        + ", which this server does not hold (KEYPORT_TUF_ONLINE_KEY and the keys beside it)"));
    }

    /** The delegations of top-level targets: hash bins or the custom roles, all signed by {@code signer}. */
    static Delegations delegations(RepositorySettings settings, Signer signer) {
        String id = signer.keyId();
        if (settings.numberOfBins() != null) {
            return Delegations.succinct(Map.of(id, signer.publicKey()), bins(settings, List.of(id)));
        }
        List<DelegatedRole> roles = settings.delegations().stream()
                .map(r -> r.offline()
                        ? DelegatedRole.withPaths(r.name(), r.keyids(), r.threshold(), r.terminating(), r.paths())
                        : DelegatedRole.withPaths(r.name(), List.of(id), 1, r.terminating(), r.paths()))
                .toList();
        Map<String, io.keyport.model.tuf.Key> keys = new TreeMap<>(OfflineRoles.keys(settings.delegationKeys()));
        keys.put(id, signer.publicKey());
        return Delegations.named(keys, roles);
    }

    /** The delegated roles the online key signs: every bin, or the custom roles without offline keys. */
    static List<String> onlineDelegatedNames(RepositorySettings settings) {
        return delegatedNames(settings).stream()
                .filter(r -> settings.offlineRole(r).isEmpty())
                .toList();
    }

    /**
     * Parks a version of an offline role (decision 0058) in the signing events, unsigned, replacing
     * any version of it that waited (whose signatures were over other bytes); it is published by
     * {@link #publishSigned} once a threshold of its keys signed it.
     */
    private void park(Connection c, String role, Targets next, Instant now) throws SQLException {
        String event = java.util.UUID.randomUUID().toString().replace("-", "");
        store.putSigning(
                c, role, next.version(), new String(Metadata.of(next).toBytes(), StandardCharsets.UTF_8), event, now);
    }

    /**
     * Publishes a version of an offline role that reached its threshold: the version, then a new
     * snapshot naming it and a new timestamp (signed by the online key).
     */
    public void publishSigned(
            Connection c, RepositorySettings settings, String role, Metadata<Targets> signed, Instant now)
            throws SQLException {
        Targets t = signed.signed();
        store.putMetadata(c, role, t.version(), t.expires(), new String(signed.toBytes(), StandardCharsets.UTF_8), now);
        newSnapshot(c, active(c), settings, Map.of(role, t.version()), now);
    }

    /** Every delegated role: the bins or the custom roles. */
    static List<String> delegatedNames(RepositorySettings settings) {
        if (settings.numberOfBins() != null) {
            return bins(settings, List.of()).roleNames();
        }
        return settings.delegations().stream()
                .map(RepositorySettings.CustomRole::name)
                .toList();
    }

    private <T extends Signed> Metadata<T> current(Connection c, String role, Class<T> type) throws SQLException {
        byte[] content = store.currentMetadataBytes(c, role)
                .orElseThrow(() -> new IllegalStateException("the repository has no " + role + " metadata"));
        return Metadata.fromBytes(content, type);
    }

    /** Signs {@code signed} with an online key and stores it as the role's current version; returns the bytes. */
    private byte[] sign(Connection c, Signer signer, String role, Signed signed, Instant now) throws SQLException {
        byte[] bytes = signedFile(signer, signed);
        store.putMetadata(c, role, signed.version(), signed.expires(), bytes, now);
        return bytes;
    }

    /**
     * The file of {@code signed} with one signature by {@code signer}: the same bytes as
     * {@code Metadata.of(signed).sign(signer).toBytes()}, serialising {@code signed} once instead of
     * twice. Compact sorted JSON differs from the canonical form only in escaping control characters
     * and in the order of keys outside ASCII, so when the canonical bytes are printable ASCII the
     * file is those bytes inside the envelope; anything else takes the model's way.
     */
    static byte[] signedFile(Signer signer, Signed signed) {
        byte[] canonical = signed.canonicalBytes();
        String keyId = signer.keyId();
        byte[] sig = signer.sign(canonical);
        if (printableAscii(canonical) && printableAscii(keyId.getBytes(StandardCharsets.UTF_8))) {
            return wrap(keyId, sig, canonical);
        }
        return Metadata.of(signed).withSignature(Signature.of(keyId, sig)).toBytes();
    }

    /**
     * The file of the canonical bytes of a role signed by {@code signer}, or null when they (or the
     * keyid) are not printable ASCII, where compact sorted JSON and the canonical form differ.
     */
    static byte[] envelope(Signer signer, byte[] canonical) {
        String keyId = signer.keyId();
        if (!printableAscii(canonical) || !printableAscii(keyId.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return wrap(keyId, signer.sign(canonical), canonical);
    }

    /** {@code {"signatures":[{"keyid":..,"sig":..}],"signed":<canonical>}}, for printable ASCII only. */
    private static byte[] wrap(String keyId, byte[] signature, byte[] canonical) {
        String sig = HexFormat.of().formatHex(signature);
        byte[] head = ("{\"signatures\":[{\"keyid\":\"" + keyId + "\",\"sig\":\"" + sig + "\"}],\"signed\":")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] file = new byte[head.length + canonical.length + 1];
        System.arraycopy(head, 0, file, 0, head.length);
        System.arraycopy(canonical, 0, file, head.length, canonical.length);
        file[file.length - 1] = '}';
        return file;
    }

    private static boolean printableAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
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
