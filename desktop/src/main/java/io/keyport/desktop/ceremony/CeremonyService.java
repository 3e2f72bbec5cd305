package io.keyport.desktop.ceremony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.desktop.tokens.Attestation;
import io.keyport.desktop.tokens.KeyAlgorithm;
import io.keyport.desktop.tokens.KeySource;
import io.keyport.desktop.tokens.PinSource;
import io.keyport.desktop.tokens.TokenException;
import io.keyport.desktop.tokens.TokenInfo;
import io.keyport.desktop.tokens.TokenKey;
import io.keyport.desktop.tokens.TokenKind;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.RootVerificationResult;
import io.keyport.model.tuf.Signature;
import io.keyport.model.tuf.TufException;
import io.keyport.model.tuf.TufJson;
import io.keyport.model.tuf.TufTime;
import io.keyport.model.tuf.VerificationResult;
import io.keyport.model.tuf.signer.Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The ceremony engine: each public method is one step on the ceremony file, shared by the command line
 * and the console's wizard (no JavaFX here). A step reads the file, checks it ({@link CeremonyRules}),
 * does its work, appends itself to the transcript and writes the file and the transcript (JSON and
 * HTML beside it) only when it succeeded; a refused step throws {@link CeremonyException} and changes
 * nothing. No step opens a network connection except {@link #send}, which needs a {@link CeremonyServer}.
 *
 * <p>Kinds ({@link Ceremony.Kind}): a bootstrap builds root v1 from a {@link BootstrapPlan}, the
 * server's online key and the holders' keys, and writes the bootstrap payload; a rotation builds root
 * n+1 from a trusted root; a signing event imports what the server holds pending. In every kind holders
 * sign in turn, each signature is verified at once, and any sitting may stop and a later one go on.
 */
public final class CeremonyService {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Who signed and who still has to: against the trusted root (rotation, signing) and the new root. */
    public record Status(Optional<VerificationResult> trusted, VerificationResult next) {
        public boolean complete() {
            return next.verified() && trusted.map(VerificationResult::verified).orElse(true);
        }
    }

    private final Path file;
    private final Clock clock;

    public CeremonyService(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** The ceremony as the file holds it, checked. */
    public Ceremony current() {
        Ceremony c = CeremonyFile.read(file);
        CeremonyRules.check(c);
        return c;
    }

    // ---- starting a ceremony

    /** Starts a bootstrap: root v1 naming the server's online key (from the file it exported). */
    public Ceremony initBootstrap(BootstrapPlan plan, Path onlineKeyFile, String actor) {
        refuseExisting();
        plan.check();
        byte[] bytes = CeremonyInputs.readInput(onlineKeyFile);
        Key online = CeremonyInputs.onlineKey(bytes, onlineKeyFile);
        Instant now = clock.instant();
        Root root = Root.initial(now.plus(Duration.ofDays(plan.days().get("root"))))
                .withThreshold(Root.TYPE, plan.threshold());
        for (String role : List.of("targets", "snapshot", "timestamp")) {
            root = root.withKey(role, online);
        }
        Ceremony c = new Ceremony(
                UUID.randomUUID().toString(),
                Ceremony.Kind.BOOTSTRAP,
                plan.settingsRoles(),
                null,
                Metadata.of(root),
                List.of(),
                List.of(),
                List.of(),
                List.of());
        return save(c.withStep(step(
                "init bootstrap",
                actor,
                "root threshold " + plan.threshold() + ", expirations " + plan.days() + ", "
                        + (plan.bins() != null ? plan.bins() + " hash bins" : "custom delegations")
                        + ", online key " + online.keyId(),
                List.of(in(onlineKeyFile, bytes)))));
    }

    /** Starts a root rotation from the trusted root: version n+1, a new expiry, threshold and removals. */
    public Ceremony initRotation(
            Path trustedRootFile, Integer threshold, Integer rootDays, List<String> removeKeyIds, String actor) {
        refuseExisting();
        byte[] bytes = CeremonyInputs.readInput(trustedRootFile);
        Metadata<Root> trusted = CeremonyInputs.trustedRoot(bytes, trustedRootFile);
        Root next = trusted.signed()
                .withVersion(trusted.signed().version() + 1)
                .withExpires(clock.instant().plus(Duration.ofDays(rootDays == null ? 365 : rootDays)));
        for (String keyId : removeKeyIds) {
            if (!next.role(Root.TYPE).keyIds().contains(keyId)) {
                throw new CeremonyException("key " + keyId + " is not a root key of version "
                        + trusted.signed().version() + "; nothing to remove");
            }
            next = next.withoutKey(Root.TYPE, keyId);
        }
        if (threshold != null) {
            if (threshold < 2) {
                throw new CeremonyException("the root threshold must be at least 2: " + threshold);
            }
            next = next.withThreshold(Root.TYPE, threshold);
        }
        Ceremony c = new Ceremony(
                UUID.randomUUID().toString(),
                Ceremony.Kind.ROTATION,
                null,
                trusted,
                Metadata.of(next),
                List.of(),
                List.of(),
                List.of(),
                List.of());
        return save(c.withStep(step(
                "init rotation",
                actor,
                "root version " + trusted.signed().version() + " -> " + next.version() + ", threshold "
                        + next.role(Root.TYPE).threshold() + ", removed " + removeKeyIds,
                List.of(in(trustedRootFile, bytes)))));
    }

    /**
     * Starts a signing event from what the server holds pending ({@code GET /api/v1/metadata/sign}
     * saved to a file, with the trusted root).
     */
    public Ceremony importPending(Path pendingFile, String actor) {
        refuseExisting();
        byte[] bytes = CeremonyInputs.readInput(pendingFile);
        JsonNode doc = CeremonyInputs.json(bytes, pendingFile);
        JsonNode metadata = doc.has("data") ? doc.path("data").path("metadata") : doc.path("metadata");
        if (!metadata.has("root") || !metadata.has("trusted_root")) {
            throw new CeremonyException(pendingFile.getFileName() + " holds no root waiting for signatures with its"
                    + " trusted root: save GET /api/v1/metadata/sign while a root update is pending");
        }
        Metadata<Root> trusted = CeremonyInputs.trustedRoot(metadata.get("trusted_root"), pendingFile);
        Metadata<Root> pending = CeremonyInputs.root(metadata.get("root"), pendingFile + " (root)");
        if (pending.signed().isExpired(clock.instant())) {
            throw new CeremonyException("the pending root version "
                    + pending.signed().version() + " expired on "
                    + TufTime.format(pending.signed().expires()) + "; signing it is pointless: ask for a new update");
        }
        Ceremony c = new Ceremony(
                UUID.randomUUID().toString(),
                Ceremony.Kind.SIGNING,
                null,
                trusted,
                pending,
                pending.signatures().stream().map(Signature::keyId).toList(),
                List.of(),
                List.of(),
                List.of());
        CeremonyRules.check(c);
        return save(c.withStep(step(
                "import pending root",
                actor,
                "root version " + pending.signed().version() + " with "
                        + pending.signatures().size() + " signature(s), trusted root version "
                        + trusted.signed().version(),
                List.of(in(pendingFile, bytes)))));
    }

    // ---- keys and signatures

    /**
     * Registers a key holder with a key of their token; in a bootstrap or rotation the key becomes a root
     * key. A key whose attestation does not verify is refused. No key may be added once signing began.
     */
    public Ceremony addKey(String holder, KeySource source, TokenKey key) {
        return addKey(holder, source, key, false);
    }

    /**
     * As {@link #addKey(String, KeySource, TokenKey)}; with {@code rehearsalUnverified} a key whose
     * attestation does not verify is accepted for a rehearsal: the holder's token is then marked
     * rehearsal-only, which the summary, the transcript and every later step warn about.
     */
    public Ceremony addKey(String holder, KeySource source, TokenKey key, boolean rehearsalUnverified) {
        Ceremony c = current();
        if (c.kind() == Ceremony.Kind.SIGNING) {
            throw new CeremonyException(
                    "a signing event signs the pending root as it is; keys are added in a rotation");
        }
        if (c.holder(holder).isPresent()) {
            throw new CeremonyException(holder + " holds a key in this ceremony already");
        }
        Optional<Attestation> attestation = source.attestation(key);
        boolean unverified = attestation.isPresent() && !attestation.get().verified();
        if (unverified && !rehearsalUnverified) {
            throw new CeremonyException("the attestation of " + holder + "'s key does not verify ("
                    + attestation.get().detail() + "): this key may not enter a root");
        }
        Key published = key.publicKey();
        String keyId = published.keyId();
        Metadata<Root> root = c.root();
        boolean known = CeremonyRules.rootKey(root, keyId).isPresent();
        if (!known) {
            if (!root.signatures().isEmpty()) {
                throw new CeremonyException("root already carries signatures; adding a key now would void them."
                        + " Add every key before the first signature");
            }
            if (c.holderOfKey(keyId).isPresent() || root.signed().keys().containsKey(keyId)) {
                throw new CeremonyException("this key is in the root already (" + keyId + ")");
            }
            root = Metadata.of(root.signed().withKey(Root.TYPE, published));
        }
        String attested = attestation
                .map(a -> (a.verified() ? "verified" : "NOT VERIFIED (accepted for a rehearsal)")
                        + (a.detail().isEmpty() ? "" : ": " + a.detail()))
                .orElse("none (" + source.info().kind() + " tokens do not attest keys)");
        TokenInfo token = source.info();
        if (unverified) {
            token = new TokenInfo(token.kind(), token.label(), token.serial(), token.firmware(), true);
        }
        List<String> chain = attestation.map(CeremonyService::encoded).orElse(List.of());
        Ceremony next =
                c.withRoot(root).withHolder(new Ceremony.Holder(holder, keyId, published, token, attested, chain));
        return save(next.withStep(step(
                "add key",
                holder,
                (known ? "existing root key " : "root key ") + keyId + " (" + published.scheme() + ") on "
                        + token.kind() + " " + token.label() + ", serial "
                        + token.serial()
                        + (token.firmware().isEmpty() ? "" : ", firmware " + token.firmware())
                        + (chain.isEmpty()
                                ? ""
                                : ", attestation " + attested + ", chain of " + chain.size()
                                        + " certificates SHA-256 "
                                        + TufJson.sha256Hex(
                                                String.join("\n", chain).getBytes(StandardCharsets.US_ASCII)))
                        + (unverified ? " [REHEARSAL ONLY: attestation not verified]" : rehearsal(source)),
                List.of())));
    }

    /**
     * Signs the root with the key of {@code source} that the ceremony expects, verifies the signature at
     * once, and seals the transcript with the same key.
     */
    public Signature sign(String holder, KeySource source, PinSource pin) {
        Ceremony c = current();
        Root root = c.root().signed();
        if (root.isExpired(clock.instant())) {
            throw new CeremonyException("root version " + root.version() + " expired on "
                    + TufTime.format(root.expires()) + "; start a new ceremony");
        }
        if (c.kind() != Ceremony.Kind.SIGNING) {
            int threshold = root.role(Root.TYPE).threshold();
            int keys = root.role(Root.TYPE).keyIds().size();
            if (keys < threshold) {
                throw new CeremonyException("root names " + keys + " key(s) but its threshold is " + threshold
                        + ": add the other key holders first (add-key)");
            }
        }
        TokenKey chosen = null;
        String keyId = null;
        Key published = null;
        for (TokenKey k : source.keys()) {
            for (String candidate : rootKeyIds(c)) {
                Key listed = CeremonyRules.rootKey(c, candidate).orElseThrow();
                if (listed.coreKeyId().equals(k.publicKey().coreKeyId())) {
                    chosen = k;
                    keyId = candidate;
                    published = listed;
                }
            }
        }
        if (chosen == null) {
            throw new CeremonyException("no key on " + source.info().label() + " is a root key of "
                    + (c.trustedRoot() == null ? "this root" : "the trusted or the new root")
                    + ": this token cannot sign here; bring the token whose key was added");
        }
        Optional<Ceremony.Holder> registered = c.holderOfKey(keyId);
        if (registered.isPresent() && !registered.get().name().equals(holder)) {
            throw new CeremonyException(
                    "this key belongs to " + registered.get().name() + ", not " + holder);
        }
        final String id = keyId;
        if (c.root().signatures().stream().anyMatch(s -> s.keyId().equals(id))) {
            throw new CeremonyException("key " + keyId + " has signed this root already");
        }
        Signer signer = source.signer(chosen, pin).asPublished(keyId, published);
        Signature signature;
        try {
            signature = c.root().signatureBy(signer);
        } catch (TufException e) {
            throw new TokenException(TokenException.Reason.FAILED, "the token did not sign: " + e.getMessage(), -1, e);
        }
        if (!published.verify(c.root().signedBytes(), signature.bytes())) {
            throw new CeremonyException("the signature by key " + keyId + " does not verify: nothing was recorded;"
                    + " check the token and sign again");
        }
        Ceremony next = c.withRoot(c.root().withSignature(signature));
        if (registered.isEmpty()) {
            next = next.withHolder(new Ceremony.Holder(
                    holder, keyId, chosen.publicKey(), source.info(), "none (signed with an existing root key)"));
        }
        Status status = status(next);
        next = next.withStep(step(
                "sign",
                holder,
                "key " + keyId + " signed root version " + root.version() + " (verified); " + describe(status)
                        + rehearsal(source),
                List.of()));
        save(next.withSeal(Transcript.seal(next, signer)));
        return signature;
    }

    /** Who signed and who still has to. */
    public Status status() {
        return status(current());
    }

    static Status status(Ceremony c) {
        if (c.trustedRoot() == null) {
            return new Status(Optional.empty(), c.root().signed().verificationResult(Root.TYPE, c.root()));
        }
        RootVerificationResult r = c.trustedRoot().signed().rotationResult(c.root());
        return new Status(Optional.of(r.trusted()), r.next());
    }

    /** The difference against the trusted root (empty for a bootstrap). */
    public Optional<RootDiff> diff() {
        Ceremony c = current();
        return c.trustedRoot() == null
                ? Optional.empty()
                : Optional.of(RootDiff.of(c.trustedRoot().signed(), c.root().signed()));
    }

    /** A readable summary of the root being signed and of the signing progress. */
    public List<String> summary() {
        Ceremony c = current();
        Root root = c.root().signed();
        List<String> out = new ArrayList<>();
        out.add("ceremony " + c.id() + " (" + c.kind().name().toLowerCase(java.util.Locale.ROOT) + ")");
        out.add("root version " + root.version() + ", expires " + TufTime.format(root.expires()));
        out.add("root threshold " + root.role(Root.TYPE).threshold() + " of "
                + root.role(Root.TYPE).keyIds().size() + " keys:");
        for (String keyId : root.role(Root.TYPE).keyIds()) {
            String who = c.holderOfKey(keyId)
                    .map(h -> h.name() + " on " + h.token().kind() + " "
                            + h.token().label() + (h.token().rehearsalOnly() ? " [REHEARSAL ONLY]" : ""))
                    .orElse("(holder not present)");
            out.add("  " + keyId + " " + root.keys().get(keyId).scheme() + " " + who);
        }
        out.add("online key (targets, snapshot, timestamp) "
                + root.role("timestamp").keyIds());
        if (c.settings() != null) {
            out.addAll(describeSettings(c.settings()));
        }
        diff().ifPresent(d -> d.lines().forEach(l -> out.add("change: " + l)));
        out.add(describe(status(c)));
        warnings(c).forEach(out::add);
        keyTypeWarnings(c).forEach(out::add);
        return out;
    }

    /** The bootstrap's roles in words: each role's expiration, then the hash bins or each delegated role. */
    private static List<String> describeSettings(com.fasterxml.jackson.databind.JsonNode roles) {
        List<String> out = new ArrayList<>();
        List<String> days = new ArrayList<>();
        for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
            days.add(role + " " + roles.path(role).path("expiration").asInt());
        }
        out.add("expirations (days): " + String.join(", ", days));
        if (roles.has("bins")) {
            out.add("delegations: "
                    + roles.path("bins").path("number_of_delegated_bins").asInt() + " hash bins, each expires after "
                    + roles.path("bins").path("expiration").asInt() + " day(s)");
        } else if (roles.has("delegations")) {
            out.add("delegations: custom, "
                    + roles.path("delegations").path("roles").size() + " role(s)");
            BootstrapPlan.describeDelegations(roles.path("delegations")).forEach(l -> out.add("  " + l));
        }
        return out;
    }

    /**
     * A warning for each ECDSA P-384 key in the root being signed: the independent TUF client tuf-js
     * refuses {@code ecdsa-sha2-nistp384} signatures, so a root that needs them locks its clients out.
     * P-384 stays allowed (other clients verify it); the key holders are told before anyone signs.
     */
    public static List<String> keyTypeWarnings(Ceremony c) {
        Root root = c.root().signed();
        return root.role(Root.TYPE).keyIds().stream()
                .filter(id -> root.keys().get(id).scheme().equals(KeyAlgorithm.ECDSA_P384.tufScheme()))
                .map(id -> "WARNING: "
                        + c.holderOfKey(id).map(h -> h.name() + "'s root key ").orElse("root key ")
                        + id.substring(0, Math.min(12, id.length()))
                        + " is ECDSA P-384 (" + KeyAlgorithm.ECDSA_P384.tufScheme()
                        + "): the TUF client tuf-js refuses P-384 signatures; choose P-256 for root keys"
                        + " unless every client of the repository verifies P-384")
                .toList();
    }

    /** A warning for each rehearsal-only token in the ceremony. */
    public static List<String> warnings(Ceremony c) {
        return c.holders().stream()
                .filter(h -> h.token().rehearsalOnly())
                .map(h -> "WARNING: " + h.name() + "'s key "
                        + (h.token().kind() == TokenKind.KEY_FILE
                                ? "is a key file"
                                : "has an attestation that did not verify")
                        + ": rehearsals only, never a production root")
                .toList();
    }

    // ---- outputs

    /** Writes the bootstrap payload (bootstrap) or the root update payload (rotation). */
    public Path bundle(Path out, String actor) {
        Ceremony c = current();
        ObjectNode payload = NODES.objectNode();
        Status status = status(c);
        switch (c.kind()) {
            case BOOTSTRAP -> {
                if (!status.complete()) {
                    throw new CeremonyException(
                            "root has " + status.next().signed().size() + " of the "
                                    + status.next().threshold() + " signatures it needs; still to sign: "
                                    + holders(c, status.next().unsigned()));
                }
                payload.putObject("settings").set("roles", c.settings().deepCopy());
                payload.putObject("metadata").set("root", c.root().toJson());
                payload.put("timeout", 300);
            }
            case ROTATION -> {
                if (c.root().signatures().isEmpty()) {
                    throw new CeremonyException("the new root has no signature yet: sign it first");
                }
                payload.putObject("metadata").set("root", c.root().toJson());
            }
            default ->
                throw new CeremonyException("a signing event has no bundle: export the signatures (export-signatures)");
        }
        byte[] bytes = TufJson.writePretty(payload);
        CeremonyInputs.writeOutput(out, bytes);
        save(c.withStep(step(
                "bundle",
                actor,
                (c.kind() == Ceremony.Kind.BOOTSTRAP ? "bootstrap payload" : "root update payload") + ", "
                        + describe(status),
                List.of(hash(out, "out", bytes)))));
        return out;
    }

    /** Writes the signatures made in this ceremony as {@code {"signatures": [{"role", "signature"}]}}. */
    public Path exportSignatures(Path out, String actor) {
        Ceremony c = current();
        ObjectNode doc = NODES.objectNode();
        ArrayNode list = doc.putArray("signatures");
        for (Signature s : c.root().signatures()) {
            if (!c.importedSignatures().contains(s.keyId())) {
                ObjectNode one = list.addObject();
                one.put("role", Root.TYPE);
                one.set("signature", s.toJson());
            }
        }
        if (list.isEmpty()) {
            throw new CeremonyException("no signature was made in this ceremony yet: sign first");
        }
        byte[] bytes = TufJson.writePretty(doc);
        CeremonyInputs.writeOutput(out, bytes);
        save(c.withStep(
                step("export signatures", actor, list.size() + " signature(s)", List.of(hash(out, "out", bytes)))));
        return out;
    }

    /**
     * Online mode only: sends a bundle or a signatures file to the server, and records it in the
     * transcript when a ceremony file exists.
     */
    public String send(Path payloadFile, CeremonyServer server, String actor) {
        byte[] bytes = CeremonyInputs.readInput(payloadFile);
        JsonNode payload = CeremonyInputs.json(bytes, payloadFile);
        String result;
        if (payload.has("settings")) {
            result = server.bootstrap(payload);
        } else if (payload.has("metadata")) {
            result = server.updateRoot(payload);
        } else if (payload.path("signatures").isArray()) {
            List<String> results = new ArrayList<>();
            for (JsonNode one : payload.get("signatures")) {
                String keyId = one.path("signature").path("keyid").asText();
                String answer = server.sign(one);
                if (answer.equals(CeremonyServer.NOT_PENDING)) {
                    if (results.isEmpty()) {
                        throw new CeremonyException("the server holds no metadata waiting for signatures: the root"
                                + " was published already or the signing event was aborted; nothing was sent");
                    }
                    results.add("key " + keyId + " not needed: the root was published with the signatures before");
                } else {
                    results.add("key " + keyId + ": " + answer);
                }
            }
            result = String.join("; ", results);
        } else {
            throw new CeremonyException(payloadFile.getFileName() + " is neither a bundle nor a signatures file");
        }
        if (Files.exists(file)) {
            Ceremony c = current();
            save(c.withStep(step("send", actor, "server answered: " + result, List.of(in(payloadFile, bytes)))));
        }
        return result;
    }

    /** The transcript files written beside the ceremony file after every step. */
    public Path transcriptJson() {
        return file.resolveSibling(base() + ".transcript.json");
    }

    public Path transcriptHtml() {
        return file.resolveSibling(base() + ".transcript.html");
    }

    // ---- helpers

    private String base() {
        String name = file.getFileName().toString();
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }

    private Ceremony save(Ceremony c) {
        CeremonyRules.check(c);
        CeremonyFile.write(file, c);
        try {
            Files.write(transcriptJson(), TufJson.writePretty(Transcript.toJson(c)));
            Files.writeString(transcriptHtml(), Transcript.html(c), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CeremonyException("cannot write the transcript beside " + file + ": " + e.getMessage(), e);
        }
        return c;
    }

    private void refuseExisting() {
        if (Files.exists(file)) {
            throw new CeremonyException(file + " exists: a ceremony file is started once; choose another name");
        }
    }

    private Ceremony.Step step(String name, String actor, String detail, List<Ceremony.FileHash> files) {
        return new Ceremony.Step(clock.instant(), name, actor, detail, files);
    }

    private static Ceremony.FileHash in(Path path, byte[] bytes) {
        return hash(path, "in", bytes);
    }

    private static Ceremony.FileHash hash(Path path, String direction, byte[] bytes) {
        return new Ceremony.FileHash(path.getFileName().toString(), direction, TufJson.sha256Hex(bytes));
    }

    private static List<String> rootKeyIds(Ceremony c) {
        List<String> ids = new ArrayList<>(c.root().signed().role(Root.TYPE).keyIds());
        if (c.trustedRoot() != null) {
            c.trustedRoot().signed().role(Root.TYPE).keyIds().stream()
                    .filter(id -> !ids.contains(id))
                    .forEach(ids::add);
        }
        return ids;
    }

    static String describe(Status s) {
        StringBuilder out = new StringBuilder();
        s.trusted()
                .ifPresent(t -> out.append("trusted root: ")
                        .append(t.signed().size())
                        .append(" of ")
                        .append(t.threshold())
                        .append(t.verified() ? " (reached)" : ", " + t.missing() + " missing")
                        .append("; "));
        VerificationResult n = s.next();
        out.append("new root: ")
                .append(n.signed().size())
                .append(" of ")
                .append(n.threshold())
                .append(n.verified() ? " (reached)" : ", " + n.missing() + " missing");
        return out.toString();
    }

    private static String holders(Ceremony c, java.util.Collection<String> keyIds) {
        return keyIds.stream()
                .map(id -> c.holderOfKey(id).map(Ceremony.Holder::name).orElse(id))
                .toList()
                .toString();
    }

    private static List<String> encoded(Attestation attestation) {
        List<String> out = new ArrayList<>();
        for (java.security.cert.X509Certificate cert : attestation.chain()) {
            try {
                out.add(java.util.Base64.getEncoder().encodeToString(cert.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new CeremonyException("the attestation certificate does not encode: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String rehearsal(KeySource source) {
        return source.info().rehearsalOnly() ? " [REHEARSAL ONLY: key file]" : "";
    }
}
