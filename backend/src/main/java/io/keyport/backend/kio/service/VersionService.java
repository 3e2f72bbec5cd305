package io.keyport.backend.kio.service;

import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.events.EventBus;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.identity.service.AuthService;
import io.keyport.backend.identity.service.Principal;
import io.keyport.backend.identity.service.Scopes;
import io.keyport.backend.kio.store.ApplicationStore;
import io.keyport.backend.kio.store.VersionStore;
import io.keyport.model.common.Timestamps;
import io.keyport.model.kio.Approval;
import io.keyport.model.kio.StoreApproval;
import io.keyport.model.kio.StoreVersion;
import io.keyport.model.kio.Version;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Versions and approvals with Kio's API 0.2 semantics: creating or changing a version deletes its
 * approvals in the same transaction; one approval per person and type; only people of the
 * application's team approve. On top, the application's {@link ApprovalEvaluator.Policy} decides
 * when a version is approved, and {@link VersionApproved} is published once it is.
 */
public final class VersionService {

    /** Kio's version id pattern. */
    public static final Pattern VERSION_ID = Pattern.compile("^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$");
    /** An artifact reference: {@code scheme://rest}, e.g. {@code docker://host/team/app:1.0}. */
    static final Pattern ARTIFACT = Pattern.compile("^[a-z][a-z0-9+.-]*://\\S+$");

    private final Database db;
    private final ApplicationStore apps;
    private final VersionStore versions;
    private final AuthService auth;
    private final AuditService audit;
    private final EventBus events;

    public VersionService(Database db, ApplicationStore apps, VersionStore versions, AuthService auth, AuditService audit,
                          EventBus events) {
        this.db = db;
        this.apps = apps;
        this.versions = versions;
        this.auth = auth;
        this.audit = audit;
        this.events = events;
    }

    public static String validateVersionId(String id) {
        if (id == null || id.length() > 128 || !VERSION_ID.matcher(id).matches()) {
            throw ApiException.badRequest("Invalid version id; it must match " + VERSION_ID.pattern(), Map.of("field", "version_id"));
        }
        return id;
    }

    public List<Version> list(String appId) {
        ApplicationService.validateId(appId);
        return db.read(c -> {
            ApplicationStore.AppRow app = apps.find(c, appId).orElseThrow(() -> ApiException.notFound("application not found"));
            ApprovalEvaluator.Policy policy = ApplicationService.effective(app);
            Map<String, List<Approval>> byVersion = versions.approvals(c, appId, null).stream()
                    .collect(Collectors.groupingBy(Approval::versionId));
            List<Version> list = new ArrayList<>();
            for (VersionStore.VersionRow row : versions.list(c, appId)) {
                list.add(view(row, policy, byVersion.getOrDefault(row.id(), List.of())));
            }
            return list;
        });
    }

    public Version get(String appId, String versionId) {
        ApplicationService.validateId(appId);
        validateVersionId(versionId);
        return db.read(c -> {
            ApplicationStore.AppRow app = apps.find(c, appId).orElseThrow(ApiException::notFoundEmpty);
            VersionStore.VersionRow row = versions.find(c, appId, versionId).orElseThrow(ApiException::notFoundEmpty);
            return view(row, ApplicationService.effective(app), versions.approvals(c, appId, versionId));
        });
    }

    /** {@code PUT /apps/{id}/versions/{v}}; returns true when created. Resets the version's approvals. */
    public boolean put(Principal caller, String appId, String versionId, StoreVersion body) {
        ApplicationService.validateId(appId);
        validateVersionId(versionId);
        String artifact = body.artifact();
        if (artifact == null || artifact.isBlank()) {
            throw ApiException.badRequest("missing required attribute artifact", Map.of("field", "artifact"));
        }
        if (artifact.length() > 2048 || !ARTIFACT.matcher(artifact).matches()) {
            throw ApiException.badRequest("artifact must be a reference like docker://host/team/app:1.0",
                    Map.of("field", "artifact"));
        }
        Instant now = Timestamps.now();
        return db.inTransaction(c -> {
            ApplicationStore.AppRow app = apps.find(c, appId).orElseThrow(() -> ApiException.notFound("application not found"));
            auth.requireTeamWrite(caller, app.app().teamId());
            var existing = versions.lock(c, appId, versionId);
            if (existing.isEmpty()) {
                versions.insert(c, new VersionStore.VersionRow(appId, versionId, artifact, body.notes(), now, caller.uid(),
                        now, caller.uid(), null));
                audit.append(c, caller.actor(), "version.create", "app:" + appId + "/version:" + versionId,
                        Map.of("artifact", artifact));
                return true;
            }
            VersionStore.VersionRow old = existing.get();
            versions.update(c, new VersionStore.VersionRow(appId, versionId, artifact,
                    body.notes() != null ? body.notes() : old.notes(), old.created(), old.createdBy(), now, caller.uid(),
                    null));
            int reset = versions.deleteApprovals(c, appId, versionId);
            audit.append(c, caller.actor(), "version.update", "app:" + appId + "/version:" + versionId,
                    Map.of("artifact", artifact, "approvals_reset", reset));
            return false;
        });
    }

    public List<Approval> approvals(String appId, String versionId) {
        ApplicationService.validateId(appId);
        validateVersionId(versionId);
        return db.read(c -> {
            apps.find(c, appId).orElseThrow(() -> ApiException.notFound("application not found"));
            versions.find(c, appId, versionId).orElseThrow(() -> ApiException.notFound("version not found"));
            return versions.approvals(c, appId, versionId);
        });
    }

    public Set<String> approvalTypes(String appId) {
        ApplicationService.validateId(appId);
        return db.read(c -> {
            apps.find(c, appId).orElseThrow(() -> ApiException.notFound("application not found"));
            return versions.approvalTypes(c, appId);
        });
    }

    /** {@code POST .../approvals}: records one approval and publishes {@link VersionApproved} if it completes the policy. */
    public Approval approve(Principal caller, String appId, String versionId, StoreApproval body) {
        ApplicationService.validateId(appId);
        validateVersionId(versionId);
        String type = body.approvalType();
        if (type == null || type.isBlank()) {
            throw ApiException.badRequest("missing required attribute approval_type", Map.of("field", "approval_type"));
        }
        if (!ApplicationService.APPROVAL_TYPE.matcher(type).matches()) {
            throw ApiException.badRequest("Invalid approval_type; it must match " + ApplicationService.APPROVAL_TYPE.pattern(),
                    Map.of("field", "approval_type"));
        }
        Instant now = Timestamps.now();
        VersionApproved[] completed = {null};
        Approval approval = db.inTransaction(c -> {
            ApplicationStore.AppRow app = apps.find(c, appId).orElseThrow(() -> ApiException.notFound("application not found"));
            VersionStore.VersionRow version = versions.lock(c, appId, versionId)
                    .orElseThrow(() -> ApiException.notFound("version not found"));
            if (!caller.hasScope(Scopes.UID)) {
                throw ApiException.forbidden("the token lacks scope uid");
            }
            if (!caller.isEmployee()) {
                throw ApiException.forbidden("only people approve versions; services cannot");
            }
            if (!caller.memberOf(app.app().teamId())) {
                throw ApiException.forbidden("only people of team " + app.app().teamId() + " approve its versions");
            }
            ApprovalEvaluator.Policy policy = ApplicationService.effective(app);
            if (policy.fourEyes() && (caller.uid().equals(version.createdBy()) || caller.uid().equals(version.lastModifiedBy()))) {
                throw ApiException.forbidden("four-eyes rule: the author of a version cannot approve it");
            }
            if (versions.approvalExists(c, appId, versionId, caller.uid(), type)) {
                throw ApiException.conflict("You have already approved " + versionId + " for " + type);
            }
            Approval a = new Approval(appId, versionId, type, caller.uid(), now, body.notes());
            versions.insertApproval(c, a);
            audit.append(c, caller.actor(), "version.approve", "app:" + appId + "/version:" + versionId,
                    Map.of("approval_type", type));
            completed[0] = completeIfApproved(c, caller, app, version, policy);
            return a;
        });
        if (completed[0] != null) {
            events.publish(completed[0]);
        }
        return approval;
    }

    /** Re-evaluates every version of an application after its policy changed, publishing newly approved ones. */
    public void reevaluate(Principal caller, String appId) {
        List<VersionApproved> completed = db.inTransaction(c -> {
            ApplicationStore.AppRow app = apps.lock(c, appId).orElseThrow(() -> ApiException.notFound("application not found"));
            ApprovalEvaluator.Policy policy = ApplicationService.effective(app);
            List<VersionApproved> list = new ArrayList<>();
            for (VersionStore.VersionRow listed : versions.list(c, appId)) {
                if (listed.approvedAt() != null) {
                    continue;
                }
                // Lock and re-read, as approve does: an approval committed since the list was read
                // may already have marked the version approved and published the event.
                VersionStore.VersionRow row = versions.lock(c, appId, listed.id()).orElse(null);
                if (row != null && row.approvedAt() == null) {
                    VersionApproved done = completeIfApproved(c, caller, app, row, policy);
                    if (done != null) {
                        list.add(done);
                    }
                }
            }
            return list;
        });
        completed.forEach(events::publish);
    }

    private VersionApproved completeIfApproved(Connection c, Principal caller, ApplicationStore.AppRow app,
                                               VersionStore.VersionRow version, ApprovalEvaluator.Policy policy)
            throws SQLException {
        if (version.approvedAt() != null) {
            return null;
        }
        var outcome = ApprovalEvaluator.evaluate(policy, version.createdBy(), version.lastModifiedBy(),
                versions.approvals(c, version.applicationId(), version.id()));
        if (!outcome.approved()) {
            return null;
        }
        Instant now = Timestamps.now();
        versions.markApproved(c, version.applicationId(), version.id(), now);
        audit.append(c, caller.actor(), "version.approved", "app:" + version.applicationId() + "/version:" + version.id(),
                Map.of("artifact", version.artifact()));
        return new VersionApproved(version.applicationId(), version.id(), version.artifact(), app.app().teamId(), now);
    }

    private static Version view(VersionStore.VersionRow row, ApprovalEvaluator.Policy policy, List<Approval> approvals) {
        var outcome = ApprovalEvaluator.evaluate(policy, row.createdBy(), row.lastModifiedBy(), approvals);
        boolean approved = row.approvedAt() != null || outcome.approved();
        return new Version(row.id(), row.applicationId(), row.artifact(), row.notes(), row.created(), row.createdBy(),
                row.lastModified(), row.lastModifiedBy(), approved ? Version.APPROVED : Version.PENDING,
                approved ? List.of() : outcome.missingTypes(), approved ? 0 : outcome.missingApprovers(), row.approvedAt());
    }
}
