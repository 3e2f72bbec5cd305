package io.keyport.desktop.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.model.tuf.Delegator;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.MetaFile;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.RoleKeys;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Snapshot;
import io.keyport.model.tuf.TargetFile;
import io.keyport.model.tuf.Targets;
import io.keyport.model.tuf.Timestamp;
import io.keyport.model.tuf.TrustedMetadataSet;
import io.keyport.model.tuf.TufException;
import io.keyport.model.tuf.VerificationResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a published TUF repository as a client does and describes it for the console: every role
 * with its version, expiry, keys, threshold and valid signatures; the targets of the roles it loaded;
 * and whether the whole chain verifies with the model's {@link TrustedMetadataSet} (root chain,
 * timestamp, snapshot, targets, delegated roles, expiry at the console's clock). Pure: the files come
 * from a {@link Files} the caller supplies (HTTP with ETags in the console, a map in tests).
 *
 * <p>It shows what is published even when verification fails (an expired timestamp, a bad
 * signature), with the failure named, so the view can say what is wrong instead of showing nothing.
 */
public final class RepositoryReader {

    /** Supplies a published metadata file by name ({@code 1.root.json}, {@code timestamp.json}). */
    @FunctionalInterface
    public interface Files {
        Optional<byte[]> file(String name);
    }

    /** The name under which root keys carry a holder's name (RSTUF's ceremony writes it). */
    static final String KEY_NAME_FIELD = "x-rstuf-key-name";

    private final int maxDelegatedRoles;

    /**
     * @param maxDelegatedRoles most delegated roles (bins) loaded one by one; with more, their versions
     *     are shown from the snapshot and their expiry and targets are not loaded
     */
    public RepositoryReader(int maxDelegatedRoles) {
        this.maxDelegatedRoles = maxDelegatedRoles;
    }

    /**
     * Reads the repository at {@code now}; an unpublished repository (no {@code 1.root.json}) gives
     * {@link RepositoryState#empty()}, a file the model refuses a published state without roles whose
     * verification failure says why. Never throws for what the files hold.
     *
     * @param onlineKeyId the server's online keyid, to tell online roles and name the key; may be null
     */
    public RepositoryState read(Files files, Instant now, String onlineKeyId) {
        try {
            return readPublished(files, now, onlineKeyId);
        } catch (TufException | IllegalArgumentException e) {
            // metadata the model cannot read (or keys it cannot decode): say so instead of failing the view
            return RepositoryState.unreadable(e.getMessage());
        }
    }

    private RepositoryState readPublished(Files files, Instant now, String onlineKeyId) {
        Optional<byte[]> first = files.file("1.root.json");
        if (first.isEmpty()) {
            return RepositoryState.empty();
        }
        List<byte[]> roots = new ArrayList<>();
        roots.add(first.get());
        for (long v = 2; ; v++) {
            Optional<byte[]> next = files.file(v + ".root.json");
            if (next.isEmpty()) {
                break;
            }
            roots.add(next.get());
        }
        Metadata<Root> root = Metadata.fromBytes(roots.getLast(), Root.class);
        Names names = new Names(root.signed(), onlineKeyId);

        Optional<byte[]> timestampBytes = files.file("timestamp.json");
        Metadata<Timestamp> timestamp =
                timestampBytes.map(b -> Metadata.fromBytes(b, Timestamp.class)).orElse(null);
        byte[] snapshotBytes = timestamp == null
                ? null
                : files.file(timestamp.signed().snapshotMeta().version() + ".snapshot.json")
                        .orElse(null);
        Metadata<Snapshot> snapshot = snapshotBytes == null ? null : Metadata.fromBytes(snapshotBytes, Snapshot.class);
        MetaFile targetsMeta =
                snapshot == null ? null : snapshot.signed().metaFor("targets").orElse(null);
        byte[] targetsBytes = targetsMeta == null
                ? null
                : files.file(targetsMeta.version() + ".targets.json").orElse(null);
        Metadata<Targets> targets = targetsBytes == null ? null : Metadata.fromBytes(targetsBytes, Targets.class);

        List<RoleStatus> roles = new ArrayList<>();
        roles.add(role(RoleStatus.Kind.ROOT, "root", root, root.signed(), names));
        if (targets != null) {
            roles.add(role(RoleStatus.Kind.TOP_LEVEL, "targets", targets, root.signed(), names));
        }
        if (snapshot != null) {
            roles.add(role(RoleStatus.Kind.TOP_LEVEL, "snapshot", snapshot, root.signed(), names));
        }
        if (timestamp != null) {
            roles.add(role(RoleStatus.Kind.TOP_LEVEL, "timestamp", timestamp, root.signed(), names));
        }

        Map<String, byte[]> delegatedBytes = new LinkedHashMap<>();
        List<ArtifactRow> artifacts = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        int delegatedCount = 0;
        boolean delegatedLoaded = true;
        if (snapshot != null && targets != null) {
            targets.signed().targets().forEach((path, file) -> artifacts.add(artifact(path, file, "targets")));
            List<Map.Entry<String, MetaFile>> delegated = snapshot.signed().meta().entrySet().stream()
                    .filter(e -> !e.getKey().equals("targets.json"))
                    .sorted(Map.Entry.comparingByKey())
                    .toList();
            delegatedCount = delegated.size();
            delegatedLoaded = delegated.size() <= maxDelegatedRoles;
            for (Map.Entry<String, MetaFile> e : delegated) {
                String name = e.getKey().substring(0, e.getKey().length() - ".json".length());
                long version = e.getValue().version();
                if (!delegatedLoaded) {
                    roles.add(RoleStatus.notLoaded(name, version));
                    continue;
                }
                Optional<byte[]> bytes = files.file(version + "." + name + ".json");
                if (bytes.isEmpty()) {
                    roles.add(RoleStatus.notLoaded(name, version));
                    missing.add(version + "." + name + ".json");
                    continue;
                }
                delegatedBytes.put(name, bytes.get());
                Metadata<Targets> md = Metadata.fromBytes(bytes.get(), Targets.class);
                roles.add(role(RoleStatus.Kind.DELEGATED, name, md, targets.signed(), names));
                md.signed().targets().forEach((path, file) -> artifacts.add(artifact(path, file, name)));
            }
        }
        artifacts.sort(java.util.Comparator.comparing(ArtifactRow::path));
        String verification =
                verify(roots, timestampBytes.orElse(null), snapshotBytes, targetsBytes, delegatedBytes, now);
        if (verification == null && !missing.isEmpty()) {
            verification = "snapshot: lists " + String.join(", ", missing.subList(0, Math.min(3, missing.size())))
                    + (missing.size() > 3 ? " and " + (missing.size() - 3) + " more" : "") + ", not published";
        }
        return new RepositoryState(
                true,
                root,
                targets,
                List.copyOf(roles),
                List.copyOf(artifacts),
                delegatedCount,
                delegatedLoaded,
                verification,
                names.names());
    }

    /**
     * The chain as a client checks it; null when every step verified, else what failed first
     * ("timestamp: timestamp expired at ...").
     */
    private static String verify(
            List<byte[]> roots,
            byte[] timestamp,
            byte[] snapshot,
            byte[] targets,
            Map<String, byte[]> delegated,
            Instant now) {
        String step = "root v1";
        try {
            TrustedMetadataSet trusted = new TrustedMetadataSet(roots.getFirst(), now);
            for (int i = 1; i < roots.size(); i++) {
                step = "root v" + (i + 1);
                trusted.updateRoot(roots.get(i));
            }
            step = "timestamp";
            if (timestamp == null) {
                return "timestamp: not published";
            }
            trusted.updateTimestamp(timestamp);
            step = "snapshot";
            if (snapshot == null) {
                return "snapshot: not published";
            }
            trusted.updateSnapshot(snapshot);
            step = "targets";
            if (targets == null) {
                return "targets: not published";
            }
            trusted.updateTargets(targets);
            for (Map.Entry<String, byte[]> e : delegated.entrySet()) {
                step = e.getKey();
                trusted.updateDelegatedTargets(e.getValue(), e.getKey(), "targets");
            }
            return null;
        } catch (TufException e) {
            return step + ": " + e.getMessage();
        }
    }

    private static RoleStatus role(
            RoleStatus.Kind kind, String name, Metadata<?> md, Delegator delegator, Names names) {
        Optional<RoleKeys> keys = delegator.delegatedRole(name);
        VerificationResult result;
        try {
            result = keys.isEmpty() ? null : delegator.verificationResult(name, md);
        } catch (TufException e) {
            result = null;
        }
        List<RoleStatus.Signer> signers = new ArrayList<>();
        boolean online = false;
        if (keys.isPresent()) {
            for (String keyId : keys.get().keyIds()) {
                online |= keyId.equals(names.onlineKeyId());
                signers.add(new RoleStatus.Signer(
                        keyId,
                        names.nameOf(keyId),
                        result != null && result.signed().contains(keyId)));
            }
        }
        return new RoleStatus(
                kind,
                name,
                md.signed().version(),
                md.signed().expires(),
                keys.map(RoleKeys::threshold).orElse(0),
                List.copyOf(signers),
                result == null ? 0 : result.signed().size(),
                online,
                true);
    }

    private static ArtifactRow artifact(String path, TargetFile file, String role) {
        JsonNode custom = file.custom();
        return new ArtifactRow(
                path, file.length(), Map.copyOf(file.hashes()), custom == null ? null : custom.toString(), role);
    }

    /** Who holds which key, as far as the metadata says. */
    private record Names(Map<String, String> names, String onlineKeyId) {

        Names(Root root, String onlineKeyId) {
            this(collect(root, onlineKeyId), onlineKeyId);
        }

        private static Map<String, String> collect(Root root, String onlineKeyId) {
            Map<String, String> names = new LinkedHashMap<>();
            root.keys().forEach((keyId, key) -> {
                String name = nameOf(key);
                if (name != null) {
                    names.put(keyId, name);
                }
            });
            if (onlineKeyId != null) {
                names.put(onlineKeyId, "online key");
            }
            return Map.copyOf(names);
        }

        private static String nameOf(Key key) {
            JsonNode name = key.unrecognizedFields().get(KEY_NAME_FIELD);
            return name != null && name.isTextual() && !name.asText().isBlank() ? name.asText() : null;
        }

        String nameOf(String keyId) {
            return names.get(keyId);
        }
    }
}
