package io.keyport.backend.registry.service;

import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.registry.store.ManifestStore;
import io.keyport.model.registry.Digest;
import io.keyport.model.registry.RepositoryName;
import io.keyport.model.registry.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Legal takedowns (issue 8 section 2): an admin deletes a manifest by digest with every tag that
 * points at it, giving a reason; audited in the same transaction. Refused (409) while an
 * application version points at the image (by digest, by one of its tags, or by {@code latest}
 * when that reads it) or while an index of the repository names it. The blobs it referenced go
 * with garbage collection once nothing else references them. Nothing else deletes manifests.
 */
public final class TakedownService {

    /** The longest reason accepted. */
    public static final int MAX_REASON = 2000;

    private final Database db;
    private final ManifestStore manifests;
    private final ImageUsage usage;
    private final RegistryAccess access;
    private final AuditService audit;

    public TakedownService(
            Database db, ManifestStore manifests, ImageUsage usage, RegistryAccess access, AuditService audit) {
        this.db = db;
        this.manifests = manifests;
        this.usage = usage;
        this.access = access;
        this.audit = audit;
    }

    /** What a takedown removed. */
    public record TakenDown(String repository, String digest, List<String> tags, String reason) {}

    /** Deletes manifest {@code digest} of {@code repository} and its tags; admins only. */
    public TakenDown takedown(RegistryCaller caller, RepositoryName repository, Digest digest, String reason) {
        access.requireAdmin(caller);
        if (reason == null || reason.isBlank()) {
            throw OciError.INVALID_SETTING.with("a takedown needs a reason", Map.of("field", "reason"));
        }
        if (reason.length() > MAX_REASON) {
            throw OciError.INVALID_SETTING.with(
                    "a reason has at most " + MAX_REASON + " characters", Map.of("field", "reason"));
        }
        return db.inTransaction(c -> {
            ManifestStore.Manifest manifest = manifests
                    .manifest(c, repository, digest)
                    .orElseThrow(() -> OciError.MANIFEST_UNKNOWN.with(
                            "manifest unknown to registry",
                            Map.of("name", repository.value(), "reference", digest.toString())));
            List<String> tags = manifests.tagsOf(c, repository, digest);
            List<String> references = new ArrayList<>();
            references.add(repository + "@" + digest);
            tags.forEach(t -> references.add(repository + ":" + t));
            boolean newest = manifests
                    .newestTag(c, repository)
                    .map(t -> t.manifestDigest().equals(digest.toString()))
                    .orElse(false);
            if (newest && !tags.contains(Tag.LATEST)) {
                references.add(repository + ":" + Tag.LATEST);
            }
            List<String> versions = usage.versionsUsing(c, references);
            if (!versions.isEmpty()) {
                throw OciError.MANIFEST_IN_USE.with(
                        "application versions point at this image; change them first", Map.of("versions", versions));
            }
            List<String> parents = manifests.parents(c, repository, digest);
            if (!parents.isEmpty()) {
                throw OciError.MANIFEST_IN_USE.with(
                        "an index of the repository names this manifest; take the index down first",
                        Map.of("indexes", parents));
            }
            manifests.deleteManifest(c, repository, digest);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", reason);
            details.put("tags", tags);
            details.put("media_type", manifest.mediaType());
            details.put("size", manifest.size());
            details.put("pusher", manifest.pusher());
            RegistryAudit.takenDown(repository, digest)
                    .append(audit, c, caller.principal().actor(), details);
            return new TakenDown(repository.value(), digest.toString(), tags, reason);
        });
    }
}
