package io.keyport.backend.appstore.service;

import io.keyport.backend.appstore.store.ChartStore;
import io.keyport.backend.appstore.store.ReleaseStore;
import io.keyport.backend.appstore.store.TargetStore;
import io.keyport.backend.audit.service.Actor;
import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.tasks.Task;
import io.keyport.backend.tasks.service.GiveUp;
import io.keyport.backend.tasks.service.TaskFailure;
import io.keyport.backend.tasks.service.TaskHandler;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs release operations ({@link ReleaseService#TASK_KIND}) from the durable queue. {@link #perform}
 * calls Helm outside any transaction; {@link #complete} records what Helm did in the task's
 * transaction: a deployed revision (with the manifest Helm rendered for it), a failure with Helm's
 * message, or the removal of an uninstalled release. A Helm refusal is an outcome, not a retry: the
 * release shows {@code failed} and its error. Helm calls are at least once (decision 0008): an
 * install repeated after a crash finds its name taken and fails visibly; upgrades simply repeat.
 * When the queue gives up on an operation (every attempt interrupted), {@link #givenUp} fails the
 * release instead of leaving it pending.
 */
public final class ReleaseTasks implements TaskHandler {

    private static final Logger LOG = Logger.getLogger(ReleaseTasks.class.getName());

    private interface Result {}

    private record Deployed(ReleaseEngine.Outcome outcome, String manifest) implements Result {}

    private record Removed() implements Result {}

    private record Failed(String error) implements Result {}

    private final Database db;
    private final ReleaseStore releases;
    private final ChartStore charts;
    private final TargetStore targets;
    private final ReleaseFiles files;
    private final ReleaseEngine engine;
    private final ClusterAccess cluster;
    private final AuditService audit;
    private final Map<Long, Result> results = new ConcurrentHashMap<>();

    public ReleaseTasks(
            Database db,
            ReleaseStore releases,
            ChartStore charts,
            TargetStore targets,
            ReleaseFiles files,
            ReleaseEngine engine,
            ClusterAccess cluster,
            AuditService audit) {
        this.db = db;
        this.releases = releases;
        this.charts = charts;
        this.targets = targets;
        this.files = files;
        this.engine = engine;
        this.cluster = cluster;
        this.audit = audit;
    }

    @Override
    public void perform(Task task) {
        ReleaseService.Operation op = task.payload(ReleaseService.Operation.class);
        record Read(ReleaseStore.ReleaseRow release, Optional<TargetStore.TargetRow> target, Optional<String> digest) {}
        Read read = db.read(c -> {
            ReleaseStore.ReleaseRow release = releases.find(c, op.release())
                    .orElseThrow(() -> new TaskFailure("release " + op.release() + " no longer exists"))
                    .row();
            return new Read(
                    release,
                    targets.lock(c, release.targetId()),
                    charts.findVersion(c, release.packageId(), op.version()).map(ChartStore.VersionRow::digest));
        });
        if (!Long.valueOf(task.id()).equals(read.release().pendingTask())) {
            results.put(task.id(), new Failed("superseded"));
            return;
        }
        results.put(task.id(), run(op, read.release(), read.target(), read.digest()));
    }

    private Result run(
            ReleaseService.Operation op,
            ReleaseStore.ReleaseRow release,
            Optional<TargetStore.TargetRow> target,
            Optional<String> digest) {
        if (target.isEmpty()) {
            return new Failed("deployment target " + release.targetId() + " no longer exists");
        }
        Optional<String> kubeconfig = cluster.kubeconfig(target.get().kubeconfig());
        if (kubeconfig.isEmpty()) {
            return new Failed("deployment target " + release.targetId()
                    + " has no cluster configured: the server cannot read its kubeconfig");
        }
        ReleaseEngine.Cluster where =
                new ReleaseEngine.Cluster(kubeconfig.get(), target.get().namespace());
        try {
            if (op.op().equals("uninstall")) {
                engine.uninstall(where, release.id());
                return new Removed();
            }
            if (digest.isEmpty()) {
                return new Failed("chart " + release.packageId() + " " + op.version() + " was deleted");
            }
            try (ReleaseFiles.Prepared prepared = files.prepare(digest.get(), op.values())) {
                String manifest = engine.render(release.id(), where.namespace(), prepared.chart(), prepared.values());
                ReleaseEngine.Outcome outcome = op.op().equals("install")
                        ? engine.install(where, release.id(), prepared.chart(), prepared.values())
                        : engine.upgrade(where, release.id(), prepared.chart(), prepared.values(), op.description());
                return new Deployed(outcome, manifest);
            }
        } catch (ReleaseEngine.EngineException e) {
            LOG.log(Level.INFO, "Helm refused " + op.op() + " of release " + release.id() + ": " + e.getMessage());
            return new Failed(e.getMessage());
        }
    }

    @Override
    public void complete(Connection c, Task task) throws SQLException {
        Result result = results.remove(task.id());
        if (result == null) {
            throw new IllegalStateException("task " + task.id() + " completes without having run here");
        }
        ReleaseService.Operation op = task.payload(ReleaseService.Operation.class);
        Optional<ReleaseStore.Full> locked = releases.lock(c, op.release());
        if (locked.isEmpty()
                || !Long.valueOf(task.id()).equals(locked.get().row().pendingTask())) {
            return; // the release went or another operation took over
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("task", task.id());
        details.put("operation", op.op());
        if (result instanceof Deployed d) {
            releases.deployed(
                    c,
                    new ReleaseStore.RevisionRow(
                            op.release(),
                            d.outcome().revision(),
                            op.version(),
                            ReleaseService.json(op.values()),
                            d.outcome().status(),
                            op.description(),
                            d.manifest(),
                            d.outcome().deployed(),
                            op.by()));
            details.put("revision", d.outcome().revision());
            details.put("version", op.version());
            details.put("status", d.outcome().status());
            ReleaseAudit.deployed(op.release()).append(audit, c, Actor.SYSTEM, details);
        } else if (result instanceof Removed) {
            releases.delete(c, op.release());
            ReleaseAudit.removed(op.release()).append(audit, c, Actor.SYSTEM, details);
        } else if (result instanceof Failed f) {
            fail(c, op, f.error(), details);
        }
    }

    /**
     * The queue gave up on the operation (decision 0057): its runs were interrupted (the server
     * killed inside Helm) or threw until no attempts were left. The release, still pending under
     * this task, becomes {@code failed} with a message saying so, in the transaction that fails
     * the task, and takes changes again. Helm may have finished in the cluster before the last
     * kill; what it did there is not known here, so the release keeps its last recorded revision.
     */
    @Override
    public void givenUp(Connection c, Task task, GiveUp why) throws SQLException {
        results.remove(task.id());
        ReleaseService.Operation op = task.payload(ReleaseService.Operation.class);
        Optional<ReleaseStore.Full> locked = releases.lock(c, op.release());
        if (locked.isEmpty()
                || !Long.valueOf(task.id()).equals(locked.get().row().pendingTask())) {
            return; // the release went or another operation took over
        }
        String error = switch (why.reason()) {
            case INTERRUPTED -> op.op() + " interrupted " + task.attempts() + " times: " + why.error();
            case FAILED -> op.op() + " failed " + task.attempts() + " times: " + why.error();
            case REFUSED -> op.op() + " failed: " + why.error();
        };
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("task", task.id());
        details.put("operation", op.op());
        details.put("attempts", task.attempts());
        fail(c, op, error, details);
    }

    /** Ends the pending operation as failed with {@code error}, audited by the system with {@code details}. */
    private void fail(Connection c, ReleaseService.Operation op, String error, Map<String, Object> details)
            throws SQLException {
        String stored = error.length() > 4000 ? error.substring(0, 4000) : error;
        releases.failed(c, op.release(), stored);
        details.put("error", stored);
        ReleaseAudit.failed(op.release()).append(audit, c, Actor.SYSTEM, details);
    }
}
