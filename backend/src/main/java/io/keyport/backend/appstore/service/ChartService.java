package io.keyport.backend.appstore.service;

import io.keyport.backend.appstore.store.ChartLayout;
import io.keyport.backend.appstore.store.ChartStore;
import io.keyport.backend.audit.service.Actor;
import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.identity.service.Authorizer;
import io.keyport.backend.identity.service.Principal;
import io.keyport.backend.identity.service.TeamDirectory;
import io.keyport.backend.storage.BlobStorage;
import io.keyport.backend.storage.BlobWriter;
import io.keyport.backend.storage.NoSuchBlobException;
import io.keyport.model.appstore.ChartSaved;
import io.keyport.model.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Uploads and deletions of chart versions. An upload streams the archive once: into a staged blob
 * write, through SHA-256, and through {@link ChartArchive}, which checks it as it passes; only a
 * valid chart is committed, under its digest ({@link ChartLayout}), and only then is its row written,
 * with its audit entry, in one transaction. Versions are immutable: uploading an existing one is 409.
 *
 * <p>Who may upload: a chart name belongs to the team of its first upload (the caller's only team, or
 * {@code team} when the caller has several); later versions need membership of that team. Services
 * also need the {@link #WRITE_SCOPE} scope. Deleting a version is for admins.
 */
public final class ChartService {

    private static final Logger LOG = Logger.getLogger(ChartService.class.getName());

    /** The scope a service token needs to upload charts. */
    public static final String WRITE_SCOPE = "appstore.write";

    /** Metadata larger than this is refused (the column's width). */
    private static final int MAX_METADATA = 65_536;

    private final Database db;
    private final ChartStore store;
    private final BlobStorage storage;
    private final CatalogueCache catalogue;
    private final Authorizer authorizer;
    private final TeamDirectory teams;
    private final AuditService audit;
    private final Clock clock;
    private final long maxChartSize;
    private final ChartArchive.Limits limits;
    private final UnaryOperator<String> registryBlobs;

    /** {@code registryBlobs}: the storage key of an image registry blob ({@code sha256:...}), for OCI-pushed charts. */
    public ChartService(
            Database db,
            ChartStore store,
            BlobStorage storage,
            CatalogueCache catalogue,
            Authorizer authorizer,
            TeamDirectory teams,
            AuditService audit,
            Clock clock,
            long maxChartSize,
            ChartArchive.Limits limits,
            UnaryOperator<String> registryBlobs) {
        this.db = db;
        this.store = store;
        this.storage = storage;
        this.catalogue = catalogue;
        this.authorizer = authorizer;
        this.teams = teams;
        this.audit = audit;
        this.clock = clock;
        this.maxChartSize = maxChartSize;
        this.limits = limits;
        this.registryBlobs = registryBlobs;
    }

    /** The largest archive accepted, in bytes. */
    public long maxChartSize() {
        return maxChartSize;
    }

    /**
     * Uploads the chart archive {@code body}. {@code team} names the owning team of a new chart when
     * the caller belongs to several (ignored for an existing chart).
     */
    public ChartSaved upload(Principal caller, InputStream body, Optional<String> team) {
        authorizeUpload(caller);
        try (BlobWriter writer = storage.openWriter()) {
            Staged staged = stage(body, writer);
            String name = staged.chart().name();
            String version = staged.chart().version().toString();
            // refuse what the transaction would refuse before anything is committed to storage
            db.read(c -> {
                check(c, caller, name, version, team, false);
                return null;
            });
            writer.commit(ChartLayout.archive(staged.digest()));
            Instant now = clock.instant();
            try {
                db.inTransaction(c -> {
                    check(c, caller, name, version, team, true);
                    insert(c, staged, now, caller.uid(), null);
                    AppStoreAudit.chartUploaded(name, version).append(audit, c, caller.actor(), staged.auditDetails());
                    return null;
                });
            } catch (RuntimeException e) {
                removeIfUnused(staged.digest());
                throw e;
            }
            return new ChartSaved(true, name, version, staged.digest());
        }
    }

    /** A chart archive read, checked and written to a staged blob, not yet committed. */
    private record Staged(ChartArchive.Chart chart, String digest, long size, String metadata, String schema) {
        Map<String, Object> auditDetails() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("digest", digest);
            details.put("size", size);
            return details;
        }
    }

    /** Reads {@code body} once into {@code writer}, SHA-256 and {@link ChartArchive}; 400 or 413 unless it is a valid chart. */
    private Staged stage(InputStream body, BlobWriter writer) {
        ChartArchive.Chart chart;
        MessageDigest sha = sha256();
        Tee tee = new Tee(body, writer, sha, maxChartSize);
        try {
            chart = ChartArchive.read(tee, limits);
            tee.transferTo(java.io.OutputStream.nullOutputStream()); // bytes after the gzip stream count too
        } catch (IOException | UncheckedIOException e) {
            throw AppStoreError.BAD_REQUEST.with("The request body could not be read");
        } catch (InvalidChartException e) {
            throw (e.tooLarge() ? AppStoreError.PAYLOAD_TOO_LARGE : AppStoreError.BAD_REQUEST)
                    .with("chart is improperly formatted: " + e.getMessage());
        }
        if (tee.count() == 0) {
            throw AppStoreError.BAD_REQUEST.with("no chart in the request body");
        }
        String metadata = json(chart.metadata());
        if (metadata.length() > MAX_METADATA) {
            throw AppStoreError.BAD_REQUEST.with("chart is improperly formatted: Chart.yaml's metadata is larger than "
                    + MAX_METADATA + " characters");
        }
        String schema = chart.valuesSchema() == null ? null : json(chart.valuesSchema());
        return new Staged(chart, HexFormat.of().formatHex(sha.digest()), tee.count(), metadata, schema);
    }

    /** The version's row, the generation and, after commit, a stale in-memory catalogue. */
    private void insert(Connection c, Staged staged, Instant now, String uid, String source) throws SQLException {
        store.insertVersion(
                c,
                new ChartStore.VersionRow(
                        staged.chart().name(),
                        staged.chart().version().toString(),
                        staged.digest(),
                        staged.size(),
                        now,
                        uid,
                        staged.metadata()),
                new ChartStore.VersionFiles(
                        staged.chart().valuesYaml(),
                        staged.schema(),
                        staged.chart().readme()),
                source);
        store.bumpGeneration(c);
        db.afterCommit(c, catalogue::markStale);
    }

    /**
     * Adds the Helm chart pushed into the image registry as {@code repository@manifest} to the
     * catalogue, in the push's transaction {@code c}: {@code layer} ({@code sha256:...}) is the
     * chart archive, read from the registry's blob and checked as an upload is; the chart's name
     * must be the repository's last component (as {@code helm push} names it), a new chart belongs
     * to the repository's {@code team} (repository {@link Catalogue#OCI_REPO}), an existing one
     * must belong to that team, and a version already in the catalogue stays as it is. Returns why
     * the chart was not added, or empty when it was; a refusal never fails the push.
     */
    public Optional<String> addPushed(
            Connection c, Actor pusher, String team, String repository, String manifest, String layer)
            throws SQLException {
        String expected = repository.substring(repository.lastIndexOf('/') + 1);
        try (InputStream in = storage.openReader(registryBlobs.apply(layer));
                BlobWriter writer = storage.openWriter()) {
            Staged staged;
            try {
                staged = stage(in, writer);
            } catch (ApiException e) {
                return Optional.of(e.message());
            }
            String name = staged.chart().name();
            String version = staged.chart().version().toString();
            if (!layer.equals("sha256:" + staged.digest())) {
                return Optional.of("the chart layer's bytes do not match its digest " + layer);
            }
            if (!name.equals(expected)) {
                return Optional.of("chart " + name + " was pushed to repository " + repository
                        + ", whose last component is not its name");
            }
            Optional<ChartStore.ChartRow> chart = store.lockChart(c, name);
            if (chart.isPresent() && !chart.get().teamId().equals(team)) {
                return Optional.of(
                        "chart " + name + " belongs to team " + chart.get().teamId());
            }
            if (chart.isPresent() && store.findVersion(c, name, version).isPresent()) {
                return Optional.of("chart " + name + " version " + version + " is in the catalogue already");
            }
            Instant now = clock.instant();
            if (chart.isEmpty()) {
                if (!teams.lockTeam(c, team)) {
                    return Optional.of("team " + team + " does not exist");
                }
                store.insertChart(c, name, team, Catalogue.OCI_REPO, now, pusher.uid());
            }
            writer.commit(ChartLayout.archive(staged.digest()));
            String source = repository + "@" + manifest;
            insert(c, staged, now, pusher.uid(), source);
            Map<String, Object> details = staged.auditDetails();
            details.put("source", source);
            AppStoreAudit.chartPushed(name, version).append(audit, c, pusher, details);
            return Optional.empty();
        } catch (NoSuchBlobException e) {
            return Optional.of("the chart layer " + layer + " is not stored");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The rules of an upload, checked on the chart's row ({@code lock}: locked, and a new chart's row
     * written, which only the transaction does).
     */
    private void check(Connection c, Principal caller, String name, String version, Optional<String> team, boolean lock)
            throws SQLException {
        Optional<ChartStore.ChartRow> chart = lock ? store.lockChart(c, name) : store.findChart(c, name);
        if (chart.isPresent()) {
            String owner = chart.get().teamId();
            if (!caller.admin() && !caller.memberOf(owner)) {
                throw AppStoreError.FORBIDDEN.with("chart " + name + " belongs to team " + owner);
            }
            if (store.findVersion(c, name, version).isPresent()) {
                throw AppStoreError.CONFLICT.with(
                        "file already exists: chart " + name + " version " + version + " is immutable");
            }
            return;
        }
        String owner = owningTeam(caller, team);
        if (lock) {
            if (!teams.lockTeam(c, owner)) {
                throw AppStoreError.BAD_REQUEST.with("team " + owner + " does not exist");
            }
            store.insertChart(c, name, owner, clock.instant(), caller.uid());
        }
    }

    /** The team a new chart of the caller's belongs to. */
    private static String owningTeam(Principal caller, Optional<String> team) {
        if (team.isPresent()) {
            if (!caller.admin() && !caller.memberOf(team.get())) {
                throw AppStoreError.FORBIDDEN.with("not a member of team " + team.get());
            }
            return team.get();
        }
        if (caller.teams().size() == 1) {
            return caller.teams().iterator().next();
        }
        if (caller.teams().isEmpty() && !caller.admin()) {
            throw AppStoreError.FORBIDDEN.with("only members of a team may upload new charts");
        }
        throw AppStoreError.BAD_REQUEST.with("name the team that owns the new chart with ?team=");
    }

    /**
     * The rules of an upload that do not depend on the chart: a token with {@code uid}, and for a
     * service {@link #WRITE_SCOPE}. Checked again by {@link #upload}; handlers call it before they
     * look at the body, so a caller who may not upload learns that first.
     */
    public void authorizeUpload(Principal caller) {
        authorizer.requireRead(caller);
        if (caller.isService() && !caller.hasScope(WRITE_SCOPE)) {
            throw AppStoreError.FORBIDDEN.with("service tokens need scope " + WRITE_SCOPE + " to upload charts");
        }
    }

    /** Deletes a chart version (admins); its archive goes once no version refers to it. */
    public void delete(Principal caller, String name, String version) {
        if (!caller.admin()) {
            throw AppStoreError.FORBIDDEN.with("only admins delete chart versions");
        }
        ChartStore.VersionRow row = db.inTransaction(c -> {
            store.lockChart(c, name);
            ChartStore.VersionRow found = store.findVersion(c, name, version)
                    .orElseThrow(
                            () -> AppStoreError.NOT_FOUND.with("chart " + name + " version " + version + " not found"));
            store.deleteVersion(c, name, version);
            store.bumpGeneration(c);
            AppStoreAudit.chartDeleted(name, version)
                    .append(audit, c, caller.actor(), Map.of("digest", found.digest()));
            db.afterCommit(c, catalogue::markStale);
            return found;
        });
        removeIfUnused(row.digest());
    }

    /** Opens a chart archive for download. */
    public InputStream open(String digest) {
        return storage.openReader(ChartLayout.archive(digest));
    }

    private void removeIfUnused(String digest) {
        try {
            if (!db.read(c -> store.digestInUse(c, digest))) {
                storage.delete(ChartLayout.archive(digest));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not remove the unused chart archive " + digest, e);
        }
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The request body on its one way through: every byte read is also written to the staged blob
     * and the digest; more than {@code limit} bytes is 413.
     */
    private static final class Tee extends ChunkInputStream {
        private final InputStream in;
        private final BlobWriter writer;
        private final MessageDigest sha;
        private final long limit;
        private long count;

        Tee(InputStream in, BlobWriter writer, MessageDigest sha, long limit) {
            this.in = in;
            this.writer = writer;
            this.sha = sha;
            this.limit = limit;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                if (count > limit) {
                    throw AppStoreError.PAYLOAD_TOO_LARGE.with("a chart archive may have at most " + limit + " bytes");
                }
                writer.write(b, off, n);
                sha.update(b, off, n);
            }
            return n;
        }

        long count() {
            return count;
        }
    }
}
