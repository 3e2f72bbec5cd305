package io.keyport.backend.tuf.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.backend.audit.service.Actor;
import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.registry.service.ImageManifests;
import io.keyport.backend.storage.BlobInfo;
import io.keyport.backend.storage.BlobStorage;
import io.keyport.backend.tasks.Task;
import io.keyport.backend.tasks.service.TaskFailure;
import io.keyport.backend.tasks.service.TaskHandler;
import io.keyport.backend.tasks.service.TaskHandlers;
import io.keyport.backend.tasks.service.TaskQueue;
import io.keyport.backend.tuf.store.AppTargetsStore;
import io.keyport.backend.tuf.store.TufStore;
import io.keyport.model.common.Json;
import io.keyport.model.common.Timestamps;
import io.keyport.model.tuf.TufJson;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The tasks behind approval-gated targets (decision 0039), enqueued by {@link ApprovedTargets}:
 * {@value #ADD} makes an approved version's image the target {@code apps/<app>/<version>} (length
 * and SHA-256 of the image manifest, {@code custom} naming the artifact and its approvals) and
 * {@value #REMOVE} removes it; both enqueue a publication. Each runs in the task's completing
 * transaction under the repository lock. Nothing happens while TUF is not bootstrapped, nor for an
 * application whose approval-gated targets are switched off (decision 0053). An artifact that names
 * an archive Keyport stores ({@link ArchiveReference}) is signed with the archive's length and
 * SHA-256; one that is neither such an archive nor an image in Keyport's registry fails the task
 * ({@link TaskFailure}).
 */
public final class AppTargetTasks {

    public static final String ADD = "tuf.app_target.add";
    public static final String REMOVE = "tuf.app_target.remove";

    private final TufStore store;
    private final TaskQueue queue;
    private final ImageManifests images;
    private final ApprovalState approvals;
    private final AuditService audit;
    private final Clock clock;
    private final AppTargetsStore appTargets;
    private final BlobStorage storage;
    private final Function<String, String> archiveKey;

    public AppTargetTasks(
            TufStore store,
            TaskQueue queue,
            ImageManifests images,
            ApprovalState approvals,
            AuditService audit,
            Clock clock,
            AppTargetsStore appTargets,
            BlobStorage storage,
            Function<String, String> archiveKey) {
        this.store = store;
        this.appTargets = appTargets;
        this.storage = storage;
        this.archiveKey = archiveKey;
        this.queue = queue;
        this.images = images;
        this.approvals = approvals;
        this.audit = audit;
        this.clock = clock;
    }

    public void register(TaskHandlers handlers) {
        handlers.register(ADD, new TaskHandler() {
            @Override
            public void complete(Connection c, Task task) throws SQLException {
                add(c, task.id(), task.payload(ApprovedTargets.Added.class));
            }
        });
        handlers.register(REMOVE, new TaskHandler() {
            @Override
            public void complete(Connection c, Task task) throws SQLException {
                remove(c, task.id(), task.payload(ApprovedTargets.Removed.class));
            }
        });
    }

    private Optional<RepositorySettings> bootstrapped(Connection c) throws SQLException {
        TufStore.Repository repo = store.lockRepository(c);
        return "finished".equals(repo.state())
                ? Optional.of(RepositorySettings.fromJson(repo.settings()))
                : Optional.empty();
    }

    private void add(Connection c, long taskId, ApprovedTargets.Added version) throws SQLException {
        Optional<RepositorySettings> settings = bootstrapped(c);
        if (settings.isEmpty()) {
            return;
        }
        Instant approvedAt = version.approvedAt().truncatedTo(ChronoUnit.MILLIS);
        if (!approvals.stillApproved(c, version.application(), version.version(), approvedAt)) {
            return; // changed since: its removal is queued too, and nothing unapproved is signed
        }
        if (!appTargets.enabled(c, version.application())) {
            return; // the application's approved versions are not signed (decision 0053)
        }
        String path = ApprovedTargets.path(version.application(), version.version());
        String role = RepositoryPublisher.roleFor(settings.get(), path)
                .orElseThrow(() -> new TaskFailure("no TUF role is delegated the path " + path));
        ObjectNode info = Json.mapper().createObjectNode();
        ObjectNode custom;
        Map<String, String> audited;
        Optional<String> archive = ArchiveReference.parse(version.artifact());
        if (archive.isPresent()) {
            BlobInfo blob = storage.stat(archiveKey.apply(archive.get()))
                    .orElseThrow(() -> new TaskFailure("the artifact " + version.artifact()
                            + " names no archive Keyport stores; upload it (POST /api/v1/app) first"));
            info.put("length", blob.size());
            info.putObject("hashes").put("sha256", archive.get());
            custom = info.putObject("custom");
            custom.put("artifact", version.artifact());
            custom.put("archive_id", archive.get());
            audited = Map.of("artifact", version.artifact(), "archive", archive.get());
        } else {
            ImageManifests.Image image = image(c, version.artifact());
            info.put("length", image.content().length);
            info.putObject("hashes").put("sha256", TufJson.sha256Hex(image.content()));
            custom = info.putObject("custom");
            custom.put("artifact", version.artifact());
            custom.put("repository", image.repository());
            custom.put("manifest_digest", image.digest());
            custom.put("media_type", image.mediaType());
            audited = Map.of("artifact", version.artifact(), "digest", image.digest());
        }
        custom.put("application", version.application());
        custom.put("version", version.version());
        custom.put("approved_at", approvedAt.toString());
        ArrayNode list = custom.putArray("approvals");
        for (ApprovedTargets.Approval a : version.approvals()) {
            list.addObject()
                    .put("user", a.user())
                    .put("approval_type", a.approvalType())
                    .put("approved_at", a.approvedAt().toString());
        }
        Instant now = Timestamps.now(clock);
        store.putArtifact(c, path, role, info.toString(), store.nextChange(c), now);
        queue.enqueue(c, TufTasks.PUBLISH, Map.of());
        TufAudit.appTarget(path, true).append(audit, c, Actor.SYSTEM, audited);
    }

    private void remove(Connection c, long taskId, ApprovedTargets.Removed version) throws SQLException {
        if (bootstrapped(c).isEmpty()) {
            return;
        }
        String path = ApprovedTargets.path(version.application(), version.version());
        if (store.removeArtifact(c, path, store.nextChange(c), Timestamps.now(clock))) {
            queue.enqueue(c, TufTasks.PUBLISH, Map.of());
            TufAudit.appTarget(path, false).append(audit, c, Actor.SYSTEM, Map.of());
        }
    }

    /** The image {@code artifact} names in Keyport's registry ({@link ImageReference}). */
    private ImageManifests.Image image(Connection c, String artifact) throws SQLException {
        ImageReference parsed = ImageReference.parse(artifact).orElseThrow(() -> notInRegistry(artifact));
        for (String repository : parsed.repositories()) {
            Optional<ImageManifests.Image> found = images.find(c, repository, parsed.reference());
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw notInRegistry(artifact);
    }

    private static TaskFailure notInRegistry(String artifact) {
        return new TaskFailure(
                "the artifact " + artifact + " is not an image in Keyport's registry;"
                        + " only docker://[host/]<team>/<artifact>:<tag> (or @sha256:...) images stored here"
                        + " and archives stored here (kploy://<app_archive_id> or http[s]://<host>/api/v1/app/<app_archive_id>) become TUF targets");
    }
}
