package io.keyport.backend.archives.service;

import io.keyport.backend.archives.ArchivesConfig;
import io.keyport.backend.archives.store.ArchiveLayout;
import io.keyport.backend.archives.store.ArchiveStore;
import io.keyport.backend.archives.store.ArchiveStore.ArchiveRow;
import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.identity.service.Principal;
import io.keyport.backend.identity.service.Scopes;
import io.keyport.backend.identity.service.TeamDirectory;
import io.keyport.backend.storage.BlobStorage;
import io.keyport.backend.storage.BlobWriter;
import io.keyport.backend.storage.NoSuchBlobException;
import io.keyport.model.archives.ArchiveEntry;
import io.keyport.model.archives.ArchivesStatus;
import io.keyport.model.archives.KployMetadata;
import io.keyport.model.common.Timestamps;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The archive registry's rules. An upload streams the body once: into a staged blob, into the
 * SHA-256 that becomes its id, and through the zip inspection ({@link KployArchive}); then one
 * transaction locks the content row, commits the blob under its content key if it is new, inserts
 * the workspace row and appends the audit entry. A delete removes the row and, with the last
 * workspace holding the content, the blob, in one transaction under the same lock. Reading needs
 * no caller, as with kploy; writing needs one, and deleting the uploader's team or an admin.
 */
public final class ArchiveService {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    private final Database db;
    private final BlobStorage storage;
    private final ArchiveStore store;
    private final TeamDirectory teams;
    private final AuditService audit;
    private final Clock clock;
    private final ArchivesConfig config;
    private final String storageKind;

    public ArchiveService(
            Database db,
            BlobStorage storage,
            ArchiveStore store,
            TeamDirectory teams,
            AuditService audit,
            Clock clock,
            ArchivesConfig config,
            String storageKind) {
        this.db = db;
        this.storage = storage;
        this.store = store;
        this.teams = teams;
        this.audit = audit;
        this.clock = clock;
        this.config = config;
        this.storageKind = storageKind;
    }

    /** The outcome of an upload: the id, and whether the workspace already held the archive. */
    public record Uploaded(String id, boolean existed) {}

    public ArchivesStatus status() {
        ArchiveStore.Totals totals = db.read(store::totals);
        List<String> workspaces = db.read(store::workspaces);
        return new ArchivesStatus(
                "keyport#archives",
                "ok",
                storageKind,
                totals.archives(),
                workspaces,
                totals.contentBytes(),
                config.maxSize());
    }

    /**
     * Stores the archive streamed in {@code body} (opened only after the checks that need no byte
     * of it) in {@code workspace} for {@code team} (or the
     * caller's only team). Refuses before reading the body when the caller may not write or the
     * declared length is over the limit; refuses a body that is not an app archive after reading
     * it, storing nothing.
     */
    public Uploaded upload(
            Principal caller,
            Workspace workspace,
            Optional<String> team,
            OptionalLong declaredLength,
            Supplier<InputStream> body) {
        requireWriter(caller);
        String forTeam = uploadTeam(caller, team);
        if (declaredLength.isPresent() && declaredLength.getAsLong() > config.maxSize()) {
            throw UploadStream.tooLarge(config.maxSize());
        }
        try (BlobWriter writer = storage.openWriter()) {
            Staged staged = new Staged(writer);
            UploadStream stream = new UploadStream(body.get(), writer, config.maxSize());
            KployArchive.Inspection inspection =
                    KployArchive.inspect(new BufferedInputStream(stream, KployArchive.READ_CHUNK));
            stream.drain();
            KployArchive.requireEnd(stream.tail(), stream.count(), inspection.entries());
            KployMetadata metadata = inspection.metadata();
            String id = stream.sha256();
            long size = stream.count();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            return db.inTransactionRetryingConflicts(3, c -> {
                if (forTeam != null && !teams.lockTeam(c, forTeam)) {
                    throw ArchivesError.BAD_REQUEST.with("No team " + forTeam, Map.of("field", "team"));
                }
                if (store.lockContent(c, id).isEmpty()) {
                    store.insertContent(c, id, size, now);
                    staged.commitOnce(ArchiveLayout.content(id));
                }
                Optional<ArchiveRow> existing = store.find(c, workspace.name(), id);
                if (existing.isEmpty()) {
                    store.insert(
                            c,
                            new ArchiveRow(
                                    workspace.name(),
                                    id,
                                    size,
                                    now.toEpochMilli() * 1000,
                                    now,
                                    forTeam,
                                    caller.uid(),
                                    metadata));
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("size", size);
                details.put("team", forTeam);
                details.put("existed", existing.isPresent());
                ArchivesAudit.archiveUploaded(workspace, id).append(audit, c, caller.actor(), details);
                return new Uploaded(id, existing.isPresent());
            });
        }
    }

    /** The archives of exactly {@code workspace}, by id; {@code []} when it holds none. */
    public List<ArchiveEntry> list(Workspace workspace) {
        return db.read(c -> store.list(c, workspace.name())).stream()
                .map(ArchiveService::entry)
                .toList();
    }

    /** One archive's entry (its metadata); 404 for an unknown one or a malformed id. */
    public ArchiveEntry find(Workspace workspace, String id) {
        return entry(row(workspace, id));
    }

    /**
     * An archive of a workspace as a download needs it: its size (for the range check and the
     * headers) from the one database read of the request; 404 for an unknown archive or a malformed
     * id. {@link #open(Located, long)} then opens its bytes without reading the row again.
     */
    public record Located(Workspace workspace, String id, long size) {}

    public Located locate(Workspace workspace, String id) {
        return new Located(workspace, id, row(workspace, id).size());
    }

    /**
     * Opens a located archive's bytes from {@code offset} (0 to its size); 404 for one deleted
     * since it was located. The caller closes the stream.
     */
    public InputStream open(Located archive, long offset) {
        try {
            return storage.openReader(ArchiveLayout.content(archive.id()), offset);
        } catch (NoSuchBlobException e) {
            throw ArchivesError.NOT_FOUND.with("No app archive " + archive.id() + " in "
                    + archive.workspace().name());
        }
    }

    /** Deletes an archive from a workspace, and its content with the last workspace that held it. */
    public void delete(Principal caller, Workspace workspace, String id) {
        requireWriter(caller);
        requireId(id);
        db.inTransaction(c -> {
            ArchiveRow row = store.find(c, workspace.name(), id).orElseThrow(() -> notFound(workspace, id));
            requireDeleter(caller, row);
            store.lockContent(c, id);
            if (!store.delete(c, workspace.name(), id)) {
                throw notFound(workspace, id);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("team", row.teamId());
            details.put("uploaded_by", row.uploadedBy());
            ArchivesAudit.archiveDeleted(workspace, id).append(audit, c, caller.actor(), details);
            if (!store.referenced(c, id)) {
                store.deleteContent(c, id);
                // the blob goes only once the rows are gone for good: a crash before the commit
                // keeps archive and blob, a crash after it leaves an unreferenced blob (garbage)
                db.afterCommit(c, () -> purgeContent(id));
            }
            return null;
        });
    }

    /**
     * Removes the blob of a content no workspace holds any more. The content row is inserted again
     * for the time of the removal, as a claim: an upload of the same bytes that inserted it first
     * makes this insert wait and then fail (the upload keeps its blob); one that comes later waits
     * for this transaction and then writes the blob again.
     */
    private void purgeContent(String id) {
        try {
            db.inTransaction(c -> {
                store.insertContent(c, id, 0, clock.instant());
                storage.delete(ArchiveLayout.content(id));
                store.deleteContent(c, id);
                return null;
            });
        } catch (io.keyport.backend.db.DatabaseException e) {
            if (e.kind() != io.keyport.backend.db.DatabaseException.Kind.UNIQUE_VIOLATION) {
                throw e;
            }
        }
    }

    /** The staged blob of an upload, committed at most once across the attempts of its transaction. */
    private static final class Staged {
        private final BlobWriter writer;
        private boolean committed;

        Staged(BlobWriter writer) {
            this.writer = writer;
        }

        void commitOnce(String key) {
            if (!committed) {
                writer.commit(key);
                committed = true;
            }
        }
    }

    // ---- rules

    /** Writing needs {@code uid}; a service needs {@code archives.write} too. */
    private static void requireWriter(Principal caller) {
        if (!caller.hasScope(Scopes.UID)) {
            throw ArchivesError.FORBIDDEN.with("The token lacks scope uid");
        }
        if (caller.isService() && !caller.hasScope(ArchiveScopes.WRITE)) {
            throw ArchivesError.FORBIDDEN.with("Service tokens need scope " + ArchiveScopes.WRITE);
        }
    }

    /**
     * The team an upload is for: the one named (a team of the caller's, any team for an admin),
     * else the caller's only team; an admin in no team uploads for none.
     */
    private static String uploadTeam(Principal caller, Optional<String> team) {
        if (team.isPresent()) {
            if (!caller.admin() && !caller.memberOf(team.get())) {
                throw ArchivesError.FORBIDDEN.with("Not a member of team " + team.get());
            }
            return team.get();
        }
        Set<String> mine = caller.teams();
        if (mine.size() == 1) {
            return mine.iterator().next();
        }
        if (mine.isEmpty()) {
            if (caller.admin()) {
                return null;
            }
            throw ArchivesError.FORBIDDEN.with(
                    "Archives are uploaded for a team, and " + caller.uid() + " belongs to none");
        }
        throw ArchivesError.BAD_REQUEST.with(
                "Name the team the archive is for with ?team= (one of "
                        + String.join(", ", new java.util.TreeSet<>(mine)) + ")",
                Map.of("field", "team"));
    }

    /** Deleting needs membership of the archive's team (or admin). */
    private static void requireDeleter(Principal caller, ArchiveRow row) {
        if (caller.admin()) {
            return;
        }
        if (row.teamId() == null || !caller.memberOf(row.teamId())) {
            throw ArchivesError.FORBIDDEN.with("Only team " + (row.teamId() == null ? "admins" : row.teamId())
                    + " and admins may delete this archive");
        }
    }

    private ArchiveRow row(Workspace workspace, String id) {
        requireId(id);
        return db.read(c -> store.find(c, workspace.name(), id)).orElseThrow(() -> notFound(workspace, id));
    }

    /** An id is 64 lower-case hex digits; anything else names no archive. */
    private static void requireId(String id) {
        if (!ID.matcher(id).matches()) {
            throw ArchivesError.NOT_FOUND.with(
                    "No app archive: an id is the SHA-256 of the archive, 64 lower-case hex digits",
                    Map.of("field", "id"));
        }
    }

    private static io.keyport.backend.http.ApiException notFound(Workspace workspace, String id) {
        return ArchivesError.NOT_FOUND.with("No app archive " + id + " in " + workspace.name());
    }

    private static ArchiveEntry entry(ArchiveRow row) {
        Workspace ws = new Workspace(row.workspace(), Optional.empty());
        return new ArchiveEntry(
                Long.toString(row.generation()),
                ws.objectName(row.id()),
                Long.toString(row.size()),
                Timestamps.format(row.created()),
                row.id(),
                row.workspace(),
                row.teamId(),
                row.uploadedBy(),
                row.metadata());
    }
}
