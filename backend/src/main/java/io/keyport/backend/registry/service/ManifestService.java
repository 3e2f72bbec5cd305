package io.keyport.backend.registry.service;

import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.registry.store.BlobIndex;
import io.keyport.backend.registry.store.ManifestStore;
import io.keyport.model.common.Json;
import io.keyport.model.registry.Digest;
import io.keyport.model.registry.Reference;
import io.keyport.model.registry.RepositoryName;
import io.keyport.model.registry.Tag;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Manifests, tags and the referrers index (OCI end-3, end-7, end-8, end-12, {@code _catalog}).
 * A manifest is stored byte for byte and served with the digest of those bytes; a PUT is refused
 * unless every blob it references is in the repository and every child of an index is a manifest
 * there. Tags are immutable (Pier One): the same manifest again is a 201, another one 409
 * TAG_INVALID, except tags matching the team's mutable-tag patterns (default {@code *-SNAPSHOT}),
 * which move; {@code latest} is never pushed, and
 * reads as the newest tag. The tag's primary key makes concurrent pushes of one tag, on any
 * replica, end with exactly one winner. A push is audited once, in its transaction.
 */
public final class ManifestService {

    /** The largest manifest accepted (as distribution and zot). */
    public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    /** The largest page of tags or repositories, also the page size when the client names none. */
    public static final int MAX_PAGE = 1000;

    private static final int MAX_SCM_SOURCE = 4096;

    private final Database db;
    private final ManifestStore manifests;
    private final BlobIndex blobs;
    private final RegistryAccess access;
    private final AuditService audit;
    private final Clock clock;
    private final TeamPolicies policies;
    private final Duration touchAfter;
    private final ManifestListener listener;

    /**
     * {@code touchAfter}: a PUT marks the blobs it references as used when their last touch is
     * older than this (half the garbage collection grace period), see {@link BlobIndex#touchStale}.
     */
    public ManifestService(
            Database db,
            ManifestStore manifests,
            BlobIndex blobs,
            RegistryAccess access,
            AuditService audit,
            Clock clock,
            TeamPolicies policies,
            Duration touchAfter,
            ManifestListener listener) {
        this.db = db;
        this.manifests = manifests;
        this.blobs = blobs;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.policies = policies;
        this.touchAfter = touchAfter;
        this.listener = listener;
    }

    /** A stored manifest as served. */
    public record Served(Digest digest, String mediaType, byte[] content) {}

    /** The outcome of a PUT: the manifest's digest and its subject, if any. */
    public record Pushed(Digest digest, Optional<Digest> subject) {}

    /** A page of names and whether more follow. */
    public record Page(List<String> names, boolean more) {}

    /** A referrer's descriptor (OCI image-spec descriptor with artifactType and annotations). */
    public record Descriptor(
            String mediaType, String digest, long size, String artifactType, Map<String, Object> annotations) {}

    // ---- push

    /**
     * end-7: stores {@code content} under {@code reference}. {@code scmSource} is the
     * {@code X-SCM-Source} header (trusted callers only), kept with the tag.
     */
    public Pushed put(
            RegistryCaller caller,
            RepositoryName repository,
            Reference reference,
            byte[] content,
            String contentType,
            Optional<String> scmSource) {
        access.requirePush(caller, repository);
        if (scmSource.isPresent()) {
            access.requireTrustedScmSource(caller);
            checkScmSource(scmSource.get());
        }
        if (reference.asTag().filter(Tag::isLatest).isPresent()) {
            throw OciError.TAG_INVALID.with("tag latest is not allowed", Map.of("Tag", Tag.LATEST));
        }
        if (content.length > MAX_MANIFEST_BYTES) {
            throw tooLarge();
        }
        Digest digest =
                reference.isDigest() ? Digest.compute(reference.digest().algorithm(), content) : Digest.sha256(content);
        if (reference.isDigest() && !digest.equals(reference.digest())) {
            throw OciError.DIGEST_INVALID.with(
                    "the manifest's digest is not the one in the URL",
                    Map.of("digest", reference.digest().toString(), "actual", digest.toString()));
        }
        ManifestParser.Parsed parsed = ManifestParser.parse(content, contentType);
        return db.inTransactionRetryingConflicts(3, c -> {
            Instant now = clock.instant();
            // first lock the referenced blobs against garbage collection, then check they are there
            blobs.touchStale(c, parsed.blobs(), now, now.minus(touchAfter));
            requireReferences(c, repository, parsed);
            manifests.ensureRepository(c, repository, now);
            boolean stored = manifests.insertManifest(
                    c,
                    new ManifestStore.Manifest(
                            repository.value(),
                            digest.toString(),
                            parsed.mediaType(),
                            parsed.artifactType(),
                            parsed.subject() == null ? null : parsed.subject().toString(),
                            parsed.annotations(),
                            content.length,
                            content,
                            caller.uid(),
                            now),
                    parsed.blobs().stream().map(Digest::toString).distinct().toList(),
                    parsed.children().stream().map(Digest::toString).distinct().toList());
            if (stored) {
                listener.stored(c, caller.principal().actor(), repository, digest, parsed);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("digest", digest.toString());
            details.put("media_type", parsed.mediaType());
            details.put("size", content.length);
            if (reference.isDigest()) {
                if (stored) {
                    RegistryAudit.manifestPushed(repository, digest)
                            .append(audit, c, caller.principal().actor(), details);
                }
            } else {
                tag(c, caller, repository, reference.tag(), digest, scmSource.orElse(null), details, now);
            }
            return new Pushed(digest, Optional.ofNullable(parsed.subject()));
        });
    }

    /** Sets a tag under the immutability rule, auditing a change. */
    private void tag(
            Connection c,
            RegistryCaller caller,
            RepositoryName repository,
            Tag tag,
            Digest digest,
            String scmSource,
            Map<String, Object> details,
            Instant now)
            throws SQLException {
        ManifestStore.TagRow row = new ManifestStore.TagRow(
                repository.value(),
                tag.value(),
                digest.toString(),
                caller.uid(),
                caller.principal().realm().id(),
                scmSource,
                now);
        Optional<ManifestStore.TagRow> existing = manifests.tag(c, repository, tag.value());
        if (existing.isEmpty()) {
            manifests.insertTag(c, row);
        } else if (existing.get().manifestDigest().equals(digest.toString())) {
            return; // the same manifest again (clients retry): nothing changes
        } else if (policies.rules(c, repository).mutable(tag.value())) {
            details.put("previous_digest", existing.get().manifestDigest());
            manifests.moveTag(c, row);
        } else {
            throw OciError.TAG_INVALID.with("tag already exists", Map.of("Tag", tag.value()));
        }
        if (scmSource != null) {
            details.put("scm_source", scmSource);
        }
        RegistryAudit.tagPushed(repository, tag)
                .append(audit, c, caller.principal().actor(), details);
    }

    private void requireReferences(Connection c, RepositoryName repository, ManifestParser.Parsed parsed)
            throws SQLException {
        List<String> missing = new ArrayList<>(blobs.missing(c, repository, parsed.blobs()));
        for (Digest child : parsed.children()) {
            if (!manifests.manifestExists(c, repository, child.toString())) {
                missing.add(child.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw OciError.MANIFEST_BLOB_UNKNOWN.with(
                    "manifest references a manifest or blob unknown to registry",
                    Map.of("digests", missing.stream().distinct().toList()));
        }
    }

    private static void checkScmSource(String value) {
        if (value.length() > MAX_SCM_SOURCE) {
            throw OciError.MANIFEST_INVALID.with(
                    "X-SCM-Source has at most " + MAX_SCM_SOURCE + " characters", Map.of("header", "X-SCM-Source"));
        }
        if (ScmSourceHeader.parse(value).isEmpty()) {
            throw OciError.MANIFEST_INVALID.with(
                    "X-SCM-Source must be a JSON object {url, revision, author, status}",
                    Map.of("header", "X-SCM-Source"));
        }
    }

    public static io.keyport.backend.http.ApiException tooLarge() {
        return OciError.MANIFEST_TOO_LARGE.with(
                "a manifest has at most " + MAX_MANIFEST_BYTES + " bytes", Map.of("limit_bytes", MAX_MANIFEST_BYTES));
    }

    // ---- pull

    /** end-3: a manifest by tag ({@code latest}: the newest tag) or by digest. */
    public Served get(RegistryCaller caller, RepositoryName repository, Reference reference) {
        access.requirePull(caller, repository);
        return db.read(c -> {
            Optional<ManifestStore.Manifest> found;
            if (reference.isDigest()) {
                found = manifests.manifest(c, repository, reference.digest());
            } else {
                found = manifests.manifestByTag(c, repository, reference.tag().value());
                if (found.isEmpty() && reference.tag().isLatest()) {
                    Optional<ManifestStore.TagRow> newest = manifests.newestTag(c, repository);
                    if (newest.isPresent()) {
                        found = manifests.manifest(
                                c, repository, Digest.parse(newest.get().manifestDigest()));
                    }
                }
            }
            ManifestStore.Manifest m = found.orElseThrow(() -> unknown(repository, reference));
            return new Served(Digest.parse(m.digest()), m.mediaType(), m.content());
        });
    }

    /** 404 MANIFEST_UNKNOWN, also for a repository that does not exist (the spec allows either code). */
    private static io.keyport.backend.http.ApiException unknown(RepositoryName repository, Reference reference) {
        return OciError.MANIFEST_UNKNOWN.with(
                "manifest unknown to registry", Map.of("name", repository.value(), "reference", reference.toString()));
    }

    /** end-8: tags after {@code last}, ascending, at most {@code n}. */
    public Page tags(RegistryCaller caller, RepositoryName repository, Optional<Integer> n, Optional<String> last) {
        access.requirePull(caller, repository);
        int limit = n.orElse(MAX_PAGE);
        return db.read(c -> {
            if (!manifests.repositoryExists(c, repository)) {
                throw OciError.NAME_UNKNOWN.with(
                        "repository name not known to registry", Map.of("name", repository.value()));
            }
            if (limit == 0) {
                return new Page(List.of(), false);
            }
            List<String> names = manifests.tagNames(c, repository, last.orElse(null), limit + 1);
            return page(names, limit);
        });
    }

    /** {@code _catalog}: repositories after {@code last}, ascending, at most {@code n}. */
    public Page catalog(RegistryCaller caller, Optional<Integer> n, Optional<String> last) {
        access.requireAuthenticated(caller, "registry:catalog:*");
        int limit = n.orElse(MAX_PAGE);
        if (limit == 0) {
            return new Page(List.of(), false);
        }
        return db.read(c -> page(manifests.repositories(c, last.orElse(null), limit + 1), limit));
    }

    private static Page page(List<String> names, int limit) {
        return names.size() > limit ? new Page(names.subList(0, limit), true) : new Page(names, false);
    }

    /** end-12: manifests of {@code repository} whose subject is {@code subject}, optionally of one artifact type. */
    public List<Descriptor> referrers(
            RegistryCaller caller, RepositoryName repository, Digest subject, Optional<String> artifactType) {
        access.requirePull(caller, repository);
        List<ManifestStore.Referrer> rows = db.read(c -> manifests.referrers(c, repository, subject));
        List<Descriptor> out = new ArrayList<>();
        for (ManifestStore.Referrer r : rows) {
            if (artifactType.isPresent() && !artifactType.get().equals(r.artifactType())) {
                continue;
            }
            out.add(new Descriptor(
                    r.mediaType(), r.digest(), r.size(), r.artifactType(), annotations(r.annotations())));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> annotations(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(json, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException("stored annotations are not JSON", e);
        }
    }
}
