package io.keyport.desktop.tuf;

import io.keyport.model.tuf.Delegator;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Role;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.RootVerificationResult;
import io.keyport.model.tuf.Signed;
import io.keyport.model.tuf.Targets;
import io.keyport.model.tuf.TufException;
import io.keyport.model.tuf.VerificationResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who still has to sign: the metadata the server holds for signatures ({@code GET
 * /api/v1/metadata/sign}) checked against the keys and thresholds that must sign it (a new root:
 * those of the trusted root and its own; a delegated role: those its delegator names), and the
 * online key's rotation status. Pure; the signatures are verified with the model, not taken from
 * the server's word.
 */
public final class SigningStatus {

    private SigningStatus() {}

    /** One role waiting for signatures and what it still needs. */
    public record PendingRole(String role, long version, java.time.Instant expires, List<Requirement> requirements) {

        /** Whether every threshold is reached (the server publishes it then). */
        public boolean complete() {
            return requirements.stream().allMatch(r -> r.missing() == 0);
        }
    }

    /**
     * One threshold a pending role must reach: whose ({@code "trusted root v1"}, {@code "root v2"},
     * {@code "targets"}), the threshold and every key with whether it signed.
     */
    public record Requirement(String against, int threshold, List<RoleStatus.Signer> signers) {

        public long signed() {
            return signers.stream().filter(RoleStatus.Signer::signed).count();
        }

        public int missing() {
            return (int) Math.max(0, threshold - signed());
        }

        /** The keys that have not signed, by name where known. */
        public List<String> stillToSign() {
            return signers.stream()
                    .filter(s -> !s.signed())
                    .map(RoleStatus.Signer::label)
                    .toList();
        }
    }

    /**
     * The online key the server signs with, every online keyid it holds, and whether the published
     * root uses it.
     */
    public record OnlineKeyStatus(
            String keyId, String keyType, String scheme, List<String> held, State state, String detail) {

        /** In use by root, waiting in a pending root, named by no root, or no root published yet. */
        public enum State {
            IN_USE,
            ROTATION_PENDING,
            NOT_IN_ROOT,
            NO_ROOT
        }
    }

    /** The online roles: signed by the online key alone. */
    static final List<String> ONLINE_ROLES = List.of("targets", "snapshot", "timestamp");

    /**
     * The pending roles, each checked against its signers.
     *
     * @param publishedRoot the newest published root (the trusted one when the server sends none); may be null
     * @param publishedTargets the published top-level targets; may be null
     * @param names keyid to holder's name, where known
     */
    public static List<PendingRole> pending(
            Map<String, Metadata<Signed>> pending,
            Metadata<Root> publishedRoot,
            Metadata<Targets> publishedTargets,
            Map<String, String> names) {
        Map<String, String> known = new HashMap<>(names);
        List<PendingRole> rows = new ArrayList<>();
        for (Map.Entry<String, Metadata<Signed>> e : pending.entrySet()) {
            String role = e.getKey();
            if (role.startsWith("trusted_")) {
                continue;
            }
            Metadata<Signed> md = e.getValue();
            List<Requirement> requirements = new ArrayList<>();
            try {
                if (md.signed() instanceof Root next) {
                    next.keys().forEach((id, key) -> nameOf(key).ifPresent(n -> known.putIfAbsent(id, n)));
                    Metadata<Root> newRoot = md.as(Root.class);
                    Metadata<Root> trusted = Optional.ofNullable(pending.get("trusted_root"))
                            .map(t -> t.as(Root.class))
                            .orElse(publishedRoot);
                    if (trusted != null) { // keys the new root removes keep their holders' names
                        trusted.signed()
                                .keys()
                                .forEach((id, key) -> nameOf(key).ifPresent(n -> known.putIfAbsent(id, n)));
                    }
                    if (next.version() == 1 || trusted == null) {
                        requirements.add(requirement(
                                "root v" + next.version(), next.verificationResult("root", newRoot), known));
                    } else {
                        RootVerificationResult both = trusted.signed().rotationResult(newRoot);
                        requirements.add(
                                requirement("trusted root v" + trusted.signed().version(), both.trusted(), known));
                        requirements.add(requirement("root v" + next.version(), both.next(), known));
                    }
                } else {
                    Delegator delegator = delegatorOf(role, pending, publishedRoot, publishedTargets);
                    if (delegator != null && delegator.delegatedRole(role).isPresent()) {
                        requirements.add(requirement(
                                delegator instanceof Root ? "root" : "targets",
                                delegator.verificationResult(role, md),
                                known));
                    }
                }
            } catch (TufException ex) {
                requirements.clear();
            }
            rows.add(new PendingRole(role, md.signed().version(), md.signed().expires(), List.copyOf(requirements)));
        }
        return List.copyOf(rows);
    }

    /**
     * The online key's status: rotation pending while a root waiting for signatures names another
     * key the server holds for targets, snapshot and timestamp; in use when the newest root names the
     * server's signing key (noting keys it holds that no root names yet); else not in root, or no root
     * before the bootstrap.
     */
    public static OnlineKeyStatus onlineKey(
            TufClient.OnlineKey key,
            Metadata<Root> root,
            List<PendingRole> pending,
            Map<String, Metadata<Signed>> raw) {
        String type = key.key().keyType();
        String scheme = key.key().scheme();
        if (root == null) {
            return new OnlineKeyStatus(
                    key.keyId(),
                    type,
                    scheme,
                    key.held(),
                    OnlineKeyStatus.State.NO_ROOT,
                    "No root is published yet; the bootstrap's root must name it for targets, snapshot and timestamp.");
        }
        long version = root.signed().version();
        Metadata<Signed> pendingRoot = raw.get("root");
        if (pendingRoot != null && pendingRoot.signed() instanceof Root next) {
            Optional<String> incoming = key.held().stream()
                    .filter(id -> !namesForOnlineRoles(root.signed(), id) && namesForOnlineRoles(next, id))
                    .findFirst();
            if (incoming.isPresent()) {
                String missing = pending.stream()
                        .filter(p -> p.role().equals("root"))
                        .flatMap(p -> p.requirements().stream())
                        .filter(r -> r.missing() > 0)
                        .map(r -> r.missing() + " more of " + r.against())
                        .reduce((a, b) -> a + " and " + b)
                        .orElse("no more signatures");
                return new OnlineKeyStatus(
                        key.keyId(),
                        type,
                        scheme,
                        key.held(),
                        OnlineKeyStatus.State.ROTATION_PENDING,
                        "Rotation pending: root v" + next.version() + " names the new key " + shortId(incoming.get())
                                + " and needs " + missing + "; root v" + version + " still names this one.");
            }
        }
        if (namesForOnlineRoles(root.signed(), key.keyId())) {
            List<String> spare = key.held().stream()
                    .filter(id -> !id.equals(key.keyId()))
                    .map(SigningStatus::shortId)
                    .toList();
            return new OnlineKeyStatus(
                    key.keyId(),
                    type,
                    scheme,
                    key.held(),
                    OnlineKeyStatus.State.IN_USE,
                    "In use: root v" + version + " names it for targets, snapshot and timestamp."
                            + (spare.isEmpty()
                                    ? ""
                                    : " The server also holds " + String.join(", ", spare)
                                            + ", which no root names yet (a rotation names it in root v"
                                            + (version + 1) + ")."));
        }
        String inRoot = "Root v" + version + " names "
                + String.join(
                        ", ",
                        root.signed().role("timestamp").keyIds().stream()
                                .map(SigningStatus::shortId)
                                .toList())
                + " for the timestamp instead; a new root must name this key.";
        return new OnlineKeyStatus(key.keyId(), type, scheme, key.held(), OnlineKeyStatus.State.NOT_IN_ROOT, inRoot);
    }

    private static String shortId(String keyId) {
        return keyId.substring(0, Math.min(8, keyId.length()));
    }

    private static boolean namesForOnlineRoles(Root root, String keyId) {
        for (String name : ONLINE_ROLES) {
            Role role = root.role(name);
            if (!role.keyIds().contains(keyId)) {
                return false;
            }
        }
        return true;
    }

    private static Delegator delegatorOf(
            String role, Map<String, Metadata<Signed>> pending, Metadata<Root> root, Metadata<Targets> targets) {
        if (role.equals("targets") || role.equals("snapshot") || role.equals("timestamp")) {
            return root == null ? null : root.signed();
        }
        Metadata<Signed> trusted = pending.get("trusted_targets");
        if (trusted != null && trusted.signed() instanceof Targets t) {
            return t;
        }
        return targets == null ? null : targets.signed();
    }

    private static Requirement requirement(String against, VerificationResult result, Map<String, String> names) {
        List<RoleStatus.Signer> signers = new ArrayList<>();
        result.signed().forEach(id -> signers.add(new RoleStatus.Signer(id, names.get(id), true)));
        result.unsigned().forEach(id -> signers.add(new RoleStatus.Signer(id, names.get(id), false)));
        return new Requirement(against, result.threshold(), List.copyOf(signers));
    }

    private static Optional<String> nameOf(Key key) {
        var name = key.unrecognizedFields().get(RepositoryReader.KEY_NAME_FIELD);
        return name != null && name.isTextual() ? Optional.of(name.asText()) : Optional.empty();
    }
}
