package io.keyport.backend.appstore.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.helidon.http.Status;
import io.keyport.backend.appstore.store.ChartStore;
import io.keyport.backend.appstore.store.ReleaseStore;
import io.keyport.backend.appstore.store.ReleaseStore.Full;
import io.keyport.backend.appstore.store.TargetStore;
import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.identity.service.Authorizer;
import io.keyport.backend.identity.service.Principal;
import io.keyport.backend.identity.service.TeamDirectory;
import io.keyport.backend.tasks.service.TaskQueue;
import io.keyport.model.appstore.PackageGate;
import io.keyport.model.appstore.Release;
import io.keyport.model.appstore.ReleaseDryRun;
import io.keyport.model.appstore.ReleaseRequest;
import io.keyport.model.appstore.ReleaseRevision;
import io.keyport.model.appstore.ReleaseStatus;
import io.keyport.model.appstore.ReleaseUpgrade;
import io.keyport.model.appstore.RollbackRequest;
import io.keyport.model.common.Json;
import io.keyport.model.common.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Releases of the App Store (issue 10 §3, decision 0044): the rules of the Uninett design made
 * real. A request is authorised and validated here, then written with its audit entry and the task
 * that performs it ({@link ReleaseTasks}) in one transaction; the release shows the pending status
 * until the task has run Helm. Callers see the releases they own or manage through a team
 * ({@code adminGroups}); admins see all. A change while another is pending is 409.
 */
public final class ReleaseService {

    /** The task kind of every release operation. */
    public static final String TASK_KIND = "appstore.release";

    /**
     * Runs of a release operation. Helm's refusals are outcomes, not failed attempts
     * ({@link ReleaseTasks}), so only an interrupted run uses one up: a server killed inside Helm
     * leaves the task running, the queue takes it over when its lease ends, and with attempts left
     * it runs again (an install that already reached the cluster then fails visibly with Helm's
     * message). With a single attempt the queue failed the task without running it, and the
     * release stayed pending for good (CrashIT). When all are interrupted, the queue gives up and
     * {@link ReleaseTasks#givenUp} fails the release (decision 0057).
     */
    static final int ATTEMPTS = 3;

    static final String REPO = "keyport";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern APPLICATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final int MAX_GROUPS = 20;
    private static final int NAME_ATTEMPTS = 25;

    /** What a task carries: the operation, its chart version and values, and who asked. */
    public record Operation(
            String release, String op, String version, JsonNode values, String description, String by) {}

    private final Database db;
    private final ReleaseStore releases;
    private final ChartStore charts;
    private final TargetStore targetStore;
    private final TargetService targets;
    private final ReleaseFiles files;
    private final ReleaseEngine engine;
    private final ClusterAccess cluster;
    private final TaskQueue tasks;
    private final Authorizer authorizer;
    private final TeamDirectory teams;
    private final ApprovedVersions approvals;
    private final AuditService audit;
    private final Clock clock;
    private final ReleaseNames names;

    public ReleaseService(
            Database db,
            ReleaseStore releases,
            ChartStore charts,
            TargetStore targetStore,
            TargetService targets,
            ReleaseFiles files,
            ReleaseEngine engine,
            ClusterAccess cluster,
            TaskQueue tasks,
            Authorizer authorizer,
            TeamDirectory teams,
            ApprovedVersions approvals,
            AuditService audit,
            Clock clock,
            ReleaseNames names) {
        this.db = db;
        this.releases = releases;
        this.charts = charts;
        this.targetStore = targetStore;
        this.targets = targets;
        this.files = files;
        this.engine = engine;
        this.cluster = cluster;
        this.tasks = tasks;
        this.authorizer = authorizer;
        this.teams = teams;
        this.approvals = approvals;
        this.audit = audit;
        this.clock = clock;
        this.names = names;
    }

    /** {@code POST /releases}: validates, then enqueues the install; the answer shows {@code pending-install}. */
    public Release create(Principal caller, ReleaseRequest r) {
        requireWriter(caller);
        if (r.repo() != null && !REPO.equals(r.repo())) {
            throw AppStoreError.NOT_FOUND.with("repository " + r.repo() + " not found; charts are in " + REPO);
        }
        String pkg = packageId(r.packageId());
        if (r.version() != null) {
            requireSemVer(r.version());
        }
        String targetId = r.namespace();
        if (targetId == null || !LABEL.matcher(targetId).matches()) {
            throw field("namespace", "namespace is required: the id of a deployment target (GET /namespaces)");
        }
        List<String> groups = groups(r.adminGroups());
        JsonNode values = values(r.values());
        TargetStore.TargetRow target = usableTarget(caller, targetId);
        for (String g : groups) {
            if (!caller.admin() && !caller.memberOf(g)) {
                throw AppStoreError.FORBIDDEN.with("adminGroups may only name teams you belong to; not " + g);
            }
        }
        Release created = db.inTransaction(c -> {
            ChartStore.VersionRow version = version(c, pkg, r.version());
            checkValues(c, version, values);
            checkGate(c, version);
            for (String g : groups) {
                if (!teams.lockTeam(c, g)) {
                    throw field("adminGroups", "team " + g + " does not exist");
                }
            }
            String id = freshName(c);
            String valuesJson = json(values);
            Operation op = new Operation(id, "install", version.version(), values, "Install complete", caller.uid());
            long task = tasks.enqueue(c, TASK_KIND, op, ATTEMPTS);
            releases.insert(
                    c,
                    new ReleaseStore.ReleaseRow(
                            id,
                            pkg,
                            target.id(),
                            caller.uid(),
                            version.version(),
                            valuesJson,
                            "pending-install",
                            0,
                            task,
                            null,
                            null,
                            clock.instant()),
                    groups);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("package", pkg);
            details.put("version", version.version());
            details.put("namespace", target.id());
            details.put("adminGroups", groups);
            details.put("task", task);
            ReleaseAudit.installed(id).append(audit, c, caller.actor(), details);
            return view(releases.find(c, id).orElseThrow(), appVersion(version));
        });
        return created;
    }

    /** {@code GET /releases}: those the caller owns or manages; admins see all. */
    public List<Release> list(Principal caller) {
        authorizer.requireRead(caller);
        return db.read(c -> {
            List<Full> rows =
                    caller.admin() ? releases.all(c) : releases.visibleTo(c, caller.uid(), List.copyOf(caller.teams()));
            List<Release> out = new ArrayList<>(rows.size());
            for (Full f : rows) {
                out.add(view(f, appVersion(c, f.row().packageId(), f.row().chartVersion())));
            }
            return out;
        });
    }

    public Release get(Principal caller, String id) {
        authorizer.requireRead(caller);
        return db.read(c -> {
            Full f = visible(caller, c, id);
            return view(f, appVersion(c, f.row().packageId(), f.row().chartVersion()));
        });
    }

    /** {@code GET /releases/{id}/status}: Helm's state and the manifest's resources with their readiness. */
    public ReleaseStatus status(Principal caller, String id) {
        authorizer.requireRead(caller);
        record Read(Full release, String manifest, Optional<TargetStore.TargetRow> target) {}
        Read read = db.read(c -> {
            Full f = visible(caller, c, id);
            String manifest = f.row().revision() == 0
                    ? ""
                    : releases.revision(c, id, f.row().revision())
                            .map(ReleaseStore.RevisionRow::manifest)
                            .orElse("");
            return new Read(f, manifest, targetStore.lock(c, f.row().targetId()));
        });
        String namespace = read.target().map(TargetStore.TargetRow::namespace).orElse(null);
        var resources = ClusterAccess.resources(read.manifest(), namespace);
        Optional<String> kubeconfig = read.target().flatMap(t -> cluster.kubeconfig(t.kubeconfig()));
        if (kubeconfig.isPresent()) {
            resources = cluster.readiness(kubeconfig.get(), resources);
        }
        ReleaseStore.ReleaseRow row = read.release().row();
        return new ReleaseStatus(
                row.id(),
                row.lastDeployed() == null ? null : Timestamps.format(row.lastDeployed()),
                namespace,
                row.status(),
                row.revision(),
                resources,
                Map.of(),
                row.lastError());
    }

    /** {@code PATCH /releases/{id}}: a new chart version and/or new values (the others are kept). */
    public Release upgrade(Principal caller, String id, ReleaseUpgrade u) {
        requireWriter(caller);
        if (u == null || (u.version() == null && u.values() == null)) {
            throw AppStoreError.BAD_REQUEST.with("give version, values or both");
        }
        if (u.version() != null) {
            requireSemVer(u.version());
        }
        JsonNode newValues = u.values() == null ? null : values(u.values());
        return db.inTransaction(c -> {
            Full f = manageable(caller, c, id, true);
            ChartStore.VersionRow version = version(
                    c, f.row().packageId(), u.version() == null ? f.row().chartVersion() : u.version());
            JsonNode values = newValues == null ? read(f.row().valuesJson()) : newValues;
            checkValues(c, version, values);
            checkGate(c, version);
            Operation op = new Operation(id, "upgrade", version.version(), values, "Upgrade complete", caller.uid());
            long task = tasks.enqueue(c, TASK_KIND, op, ATTEMPTS);
            releases.markPending(c, id, "pending-upgrade", task);
            ReleaseAudit.upgraded(id)
                    .append(
                            audit,
                            c,
                            caller.actor(),
                            Map.of(
                                    "from",
                                    f.row().chartVersion(),
                                    "to",
                                    version.version(),
                                    "valuesChanged",
                                    newValues != null,
                                    "task",
                                    task));
            return view(releases.find(c, id).orElseThrow(), appVersion(version));
        });
    }

    /** What {@link #upgrade} would deploy: rendered manifests and the values difference. Changes nothing. */
    public ReleaseDryRun dryRun(Principal caller, String id, ReleaseUpgrade u) {
        authorizer.requireRead(caller);
        if (u != null && u.version() != null) {
            requireSemVer(u.version());
        }
        JsonNode newValues = u == null || u.values() == null ? null : values(u.values());
        record Plan(Full release, ChartStore.VersionRow version, JsonNode values, String namespace) {}
        Plan plan = db.read(c -> {
            Full f = manageable(caller, c, id, false);
            String wanted = u == null || u.version() == null ? f.row().chartVersion() : u.version();
            ChartStore.VersionRow version = version(c, f.row().packageId(), wanted);
            JsonNode values = newValues == null ? read(f.row().valuesJson()) : newValues;
            checkValues(c, version, values);
            String namespace = targetStore
                    .lock(c, f.row().targetId())
                    .map(TargetStore.TargetRow::namespace)
                    .orElse("default");
            return new Plan(f, version, values, namespace);
        });
        String manifest;
        try (ReleaseFiles.Prepared prepared = files.prepare(plan.version().digest(), plan.values())) {
            manifest = engine.render(id, plan.namespace(), prepared.chart(), prepared.values());
        } catch (ReleaseEngine.EngineException e) {
            throw unprocessable("Helm cannot render the chart: " + e.getMessage(), null);
        }
        return new ReleaseDryRun(
                plan.version().version(),
                manifest,
                ValuesSchema.diff(read(plan.release().row().valuesJson()), plan.values()));
    }

    /** {@code GET /releases/{id}/history}: Keyport's record of the revisions it deployed, newest first. */
    public List<ReleaseRevision> history(Principal caller, String id) {
        authorizer.requireRead(caller);
        return db.read(c -> {
            Full f = visible(caller, c, id);
            List<ReleaseRevision> out = new ArrayList<>();
            for (ReleaseStore.RevisionRow r : releases.revisions(c, id)) {
                out.add(new ReleaseRevision(
                        r.revision(),
                        Timestamps.format(r.deployed()),
                        r.status(),
                        r.chartVersion(),
                        appVersion(c, f.row().packageId(), r.chartVersion()),
                        r.description(),
                        read(r.valuesJson()),
                        r.deployedBy()));
            }
            return out;
        });
    }

    /** {@code POST /releases/{id}/rollback}: an upgrade to the chart version and values of an earlier revision. */
    public Release rollback(Principal caller, String id, RollbackRequest request) {
        requireWriter(caller);
        if (request == null || request.revision() == null || request.revision() < 1) {
            throw field("revision", "revision is required: a revision number from the history (1 or more)");
        }
        int revision = request.revision();
        return db.inTransaction(c -> {
            Full f = manageable(caller, c, id, true);
            ReleaseStore.RevisionRow earlier = releases.revision(c, id, revision)
                    .orElseThrow(() -> AppStoreError.NOT_FOUND.with("release " + id + " has no revision " + revision));
            ChartStore.VersionRow version = version(c, f.row().packageId(), earlier.chartVersion());
            checkGate(c, version);
            Operation op = new Operation(
                    id,
                    "rollback",
                    earlier.chartVersion(),
                    read(earlier.valuesJson()),
                    "Rollback to " + revision,
                    caller.uid());
            long task = tasks.enqueue(c, TASK_KIND, op, ATTEMPTS);
            releases.markPending(c, id, "pending-rollback", task);
            ReleaseAudit.rolledBack(id)
                    .append(
                            audit,
                            c,
                            caller.actor(),
                            Map.of("revision", revision, "version", earlier.chartVersion(), "task", task));
            return view(releases.find(c, id).orElseThrow(), appVersion(version));
        });
    }

    /** {@code DELETE /releases/{id}}: enqueues the uninstall; the release goes when it is done. */
    public Release delete(Principal caller, String id) {
        requireWriter(caller);
        return db.inTransaction(c -> {
            Full f = manageable(caller, c, id, true);
            Operation op =
                    new Operation(id, "uninstall", f.row().chartVersion(), null, "Uninstall complete", caller.uid());
            long task = tasks.enqueue(c, TASK_KIND, op, ATTEMPTS);
            releases.markPending(c, id, "uninstalling", task);
            ReleaseAudit.uninstalled(id).append(audit, c, caller.actor(), Map.of("task", task));
            return view(
                    releases.find(c, id).orElseThrow(),
                    appVersion(c, f.row().packageId(), f.row().chartVersion()));
        });
    }

    /** {@code PUT /packages/{id}/gate}: admins or the chart's team; true when the gate was created. */
    public boolean putGate(Principal caller, String packageId, PackageGate gate) {
        requireWriter(caller);
        String pkg = packageId(packageId);
        String application = gate == null ? null : gate.application();
        if (application == null || !APPLICATION.matcher(application).matches()) {
            throw field("application", "application is required: the id of a Kio application");
        }
        return db.inTransaction(c -> {
            requireChartOwner(caller, c, pkg);
            if (!approvals.applicationExists(c, application)) {
                throw field("application", "application " + application + " does not exist");
            }
            boolean created = releases.putGate(c, pkg, application, clock.instant(), caller.uid());
            ReleaseAudit.gateSet(pkg).append(audit, c, caller.actor(), Map.of("application", application));
            return created;
        });
    }

    public void deleteGate(Principal caller, String packageId) {
        requireWriter(caller);
        String pkg = packageId(packageId);
        db.inTransaction(c -> {
            requireChartOwner(caller, c, pkg);
            if (!releases.deleteGate(c, pkg)) {
                throw AppStoreError.NOT_FOUND.with("package " + pkg + " has no approval gate");
            }
            ReleaseAudit.gateRemoved(pkg).append(audit, c, caller.actor(), Map.of());
            return null;
        });
    }

    // --- rules

    private void requireWriter(Principal caller) {
        authorizer.requireRead(caller);
        if (caller.isService() && !caller.hasScope(ChartService.WRITE_SCOPE)) {
            throw AppStoreError.FORBIDDEN.with(
                    "service tokens need scope " + ChartService.WRITE_SCOPE + " to change releases");
        }
    }

    private void requireChartOwner(Principal caller, Connection c, String pkg) throws SQLException {
        ChartStore.ChartRow chart = charts.findChart(c, pkg)
                .orElseThrow(() -> AppStoreError.NOT_FOUND.with("package " + pkg + " not found"));
        if (!caller.admin() && !caller.memberOf(chart.teamId())) {
            throw AppStoreError.FORBIDDEN.with("only team " + chart.teamId() + " or an admin may gate package " + pkg);
        }
    }

    private static boolean manages(Principal caller, Full f) {
        return caller.admin()
                || caller.uid().equals(f.row().owner())
                || f.groups().stream().anyMatch(caller::memberOf);
    }

    private Full visible(Principal caller, Connection c, String id) throws SQLException {
        return managed(caller, id, releases.find(c, requireId(id)));
    }

    /** The release when found (else 404) and managed by the caller (else 403). */
    private static Full managed(Principal caller, String id, Optional<Full> found) {
        Full f = found.orElseThrow(() -> AppStoreError.NOT_FOUND.with("release " + id + " not found"));
        if (!manages(caller, f)) {
            throw AppStoreError.FORBIDDEN.with(
                    "release " + id + " belongs to " + f.row().owner() + " and its adminGroups");
        }
        return f;
    }

    /** The release, locked when {@code lock}, that the caller manages and that has nothing pending. */
    private Full manageable(Principal caller, Connection c, String id, boolean lock) throws SQLException {
        Full f = managed(caller, id, lock ? releases.lock(c, requireId(id)) : releases.find(c, requireId(id)));
        if (lock && f.row().pendingTask() != null) {
            throw AppStoreError.CONFLICT.with("release " + id + " is " + f.row().status() + " (task "
                    + f.row().pendingTask() + "); try again when it has finished");
        }
        return f;
    }

    private TargetStore.TargetRow usableTarget(Principal caller, String targetId) {
        Optional<TargetStore.TargetRow> target = db.read(c -> targetStore.lock(c, targetId));
        if (target.isEmpty()) {
            throw field("namespace", "deployment target " + targetId + " does not exist (GET /namespaces)");
        }
        if (targets.usableBy(caller).stream().noneMatch(t -> t.id().equals(targetId))) {
            throw AppStoreError.FORBIDDEN.with("none of your teams may deploy to " + targetId);
        }
        if (cluster.kubeconfig(target.get().kubeconfig()).isEmpty()) {
            throw unprocessable(
                    "deployment target " + targetId
                            + " has no cluster configured: the server cannot read its kubeconfig",
                    Map.of("field", "namespace"));
        }
        return target.get();
    }

    private ChartStore.VersionRow version(Connection c, String pkg, String wanted) throws SQLException {
        if (wanted != null) {
            return charts.findVersion(c, pkg, wanted)
                    .orElseThrow(() -> AppStoreError.NOT_FOUND.with("package " + pkg + " has no version " + wanted));
        }
        ChartStore.VersionRow best = null;
        SemVer bestVersion = null;
        for (ChartStore.VersionRow v : charts.allVersions(c)) {
            if (!v.name().equals(pkg)) {
                continue;
            }
            Optional<SemVer> s = SemVer.parse(v.version());
            if (s.isEmpty() || s.get().isPrerelease()) {
                continue;
            }
            if (bestVersion == null || s.get().compareTo(bestVersion) > 0) {
                best = v;
                bestVersion = s.get();
            }
        }
        if (best == null) {
            boolean exists = charts.findChart(c, pkg).isPresent();
            throw AppStoreError.NOT_FOUND.with(
                    exists ? "package " + pkg + " has no stable version; name one" : "package " + pkg + " not found");
        }
        return best;
    }

    private void checkValues(Connection c, ChartStore.VersionRow version, JsonNode values) throws SQLException {
        ChartStore.VersionFiles f = charts.files(c, version.name(), version.version())
                .orElse(new ChartStore.VersionFiles(null, null, null));
        List<Map<String, String>> errors = ValuesSchema.errors(f.valuesYaml(), f.valuesSchema(), values);
        if (!errors.isEmpty()) {
            throw unprocessable(
                    "values do not match the values schema of " + version.name() + " " + version.version() + " ("
                            + errors.size() + " error" + (errors.size() == 1 ? "" : "s") + ")",
                    errors);
        }
    }

    private void checkGate(Connection c, ChartStore.VersionRow version) throws SQLException {
        Optional<String> application = releases.gate(c, version.name());
        if (application.isEmpty()) {
            return;
        }
        String appVersion = appVersion(version);
        if (appVersion == null || !approvals.approved(c, application.get(), appVersion)) {
            throw unprocessable(
                    "chart " + version.name() + " " + version.version() + " (appVersion " + appVersion
                            + ") is not an approved version of application " + application.get(),
                    Map.of("application", application.get(), "appVersion", String.valueOf(appVersion)));
        }
    }

    private String freshName(Connection c) throws SQLException {
        for (int i = 0; i < NAME_ATTEMPTS; i++) {
            String name = names.next();
            if (!releases.exists(c, name)) {
                return name;
            }
        }
        throw AppStoreError.SERVICE_UNAVAILABLE.with("no free release name found; try again");
    }

    // --- values and views

    private static String packageId(String id) {
        if (id == null || !NAME.matcher(id).matches()) {
            throw field("package", "package is required: a chart name (letters, digits, '.', '_' or '-')");
        }
        return id;
    }

    private static String requireId(String id) {
        if (id == null || id.length() > 53 || !LABEL.matcher(id).matches()) {
            throw AppStoreError.BAD_REQUEST.with("a release id is a DNS-1123 name of at most 53 characters");
        }
        return id;
    }

    private static void requireSemVer(String version) {
        if (SemVer.parse(version).isEmpty()) {
            throw field("version", "version must be a SemVer 2 version such as 1.2.3");
        }
    }

    private static List<String> groups(List<String> given) {
        if (given == null) {
            return List.of();
        }
        if (given.size() > MAX_GROUPS) {
            throw field("adminGroups", "at most " + MAX_GROUPS + " adminGroups");
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String g : given) {
            if (g == null || g.isBlank() || g.length() > 64 || g.chars().anyMatch(Character::isISOControl)) {
                throw field("adminGroups", "adminGroups are team ids");
            }
            sorted.add(g);
        }
        return List.copyOf(sorted);
    }

    private static JsonNode values(JsonNode values) {
        if (values == null || values.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!values.isObject()) {
            throw field("values", "values must be a JSON object");
        }
        return values;
    }

    private Release view(Full f, String appVersion) {
        ReleaseStore.ReleaseRow r = f.row();
        return new Release(
                r.id(),
                r.owner(),
                REPO,
                r.packageId(),
                r.chartVersion(),
                appVersion,
                r.targetId(),
                f.groups(),
                read(r.valuesJson()),
                r.status(),
                r.revision(),
                r.pendingTask(),
                r.lastError());
    }

    private String appVersion(Connection c, String pkg, String version) throws SQLException {
        return charts.findVersion(c, pkg, version)
                .map(ReleaseService::appVersion)
                .orElse(null);
    }

    static String appVersion(ChartStore.VersionRow v) {
        JsonNode meta = read(v.metadata());
        return meta.hasNonNull("appVersion") ? meta.get("appVersion").asText() : null;
    }

    static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("stored JSON does not parse", e);
        }
    }

    static String json(JsonNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiException field(String field, String message) {
        return new ApiException(AppStoreError.BAD_REQUEST, message, Map.of("field", field));
    }

    static ApiException unprocessable(String message, Object details) {
        return AppStoreError.FAMILY.generic(Status.UNPROCESSABLE_CONTENT_422, message, details);
    }
}
