package io.keyport.backend.kio.service;

import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.events.EventBus;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.identity.service.Authorizer;
import io.keyport.backend.identity.service.Principal;
import io.keyport.backend.identity.service.Scopes;
import io.keyport.backend.kio.store.ApplicationStore;
import io.keyport.backend.kio.store.VersionStore;
import io.keyport.backend.kio.store.VersionStore.VersionRow;
import io.keyport.backend.tasks.service.TaskQueue;
import io.keyport.backend.tuf.service.ApprovedTargets;
import io.keyport.model.common.Timestamps;
import io.keyport.model.kio.AppId;
import io.keyport.model.kio.Approval;
import io.keyport.model.kio.StoreApproval;
import io.keyport.model.kio.StoreVersion;
import io.keyport.model.kio.Version;
import io.keyport.model.kio.VersionId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Versions and approvals with Kio's API 0.2 semantics: creating or changing a version deletes its
 * approvals in the same transaction; one approval per person and type; only people of the
 * application's team approve. On top, the application's {@link ApprovalEvaluator.Policy} decides
 * when a version is approved; once it is, a {@link VersionApprovedTask} is enqueued in the same
 * transaction and {@link VersionApproved} is published after the commit.
 */
public final class VersionService {

    /** An artifact reference: {@code scheme://rest}, e.g. {@code docker://host/team/app:1.0}. */
    static final Pattern ARTIFACT = Pattern.compile("^[a-z][a-z0-9+.-]*://\\S+$");

    private final Database db;
    private final ApplicationStore apps;
    private final VersionStore versions;
    private final Authorizer auth;
    private final AuditService audit;
    private final EventBus events;
    private final TaskQueue tasks;
    private final ApprovedTargets targets;
    private final Clock clock;

    public VersionService(
            Database db,
            ApplicationStore apps,
            VersionStore versions,
            Authorizer auth,
            AuditService audit,
            EventBus events,
            TaskQueue tasks,
            ApprovedTargets targets,
            Clock clock) {
        this.db = db;
        this.apps = apps;
        this.versions = versions;
        this.auth = auth;
        this.audit = audit;
        this.events = events;
        this.tasks = tasks;
        this.targets = targets;
        this.clock = clock;
    }

    /**
     * The time of a change to a version, taken inside the transaction after the version's row lock:
     * never before the version's last change, whatever another replica's clock says.
     */
    private Instant now(VersionRow locked) {
        Instant now = Timestamps.now(clock);
        return locked != null && locked.lastModified().isAfter(now) ? locked.lastModified() : now;
    }

    /** {@code raw} as a version id; a 400 naming the rule (field {@code version_id}) when it is not one. */
    public static VersionId versionId(String raw) {
        if (!VersionId.RULE.allows(raw)) {
            throw ApiException.badRequest(VersionId.RULE.message(), Map.of("field", "version_id"));
        }
        return new VersionId(raw);
    }

    public List<Version> list(AppId application) {
        String appId = application.value();
        return db.read(c -> {
            ApplicationStore.AppRow app = apps.find(c, appId).orElseThrow(ApiException::notFoundEmpty);
            ApprovalEvaluator.Policy policy = ApplicationService.effective(app);
            Map<String, List<Approval>> byVersion =
                    versions.approvals(c, appId, null).stream().collect(Collectors.groupingBy(Approval::versionId));
            List<Version> list = new ArrayList<>();
            for (VersionRow row : versions.list(c, appId)) {
                list.add(view(row, policy, byVersion.getOrDefault(row.id(), List.of())));
            }
            return list;
        });
    }

    public Version get(AppId application, VersionId versionRef) {
        String appId = application.value();
        String versionId = versionRef.value();
        return db.read(c -> {
            ApplicationStore.AppRow app = apps.find(c, appId).orElseThrow(ApiException::notFoundEmpty);
            VersionRow row = versions.find(c, appId, versionId).orElseThrow(ApiException::notFoundEmpty);
            return view(row, ApplicationService.effective(app), versions.approvals(c, appId, versionId));
        });
    }

    /** {@code PUT /apps/{id}/versions/{v}}; returns true when created. Resets the version's approvals. */
    public boolean put(Principal caller, AppId application, VersionId versionRef, StoreVersion body) {
        String appId = application.value();
        String versionId = versionRef.value();
        String artifact = body.artifact();
        if (artifact == null || artifact.isBlank()) {
            throw ApiException.badRequest("missing required attribute artifact", Map.of("field", "artifact"));
        }
        if (artifact.length() > 2048 || !ARTIFACT.matcher(artifact).matches()) {
            throw ApiException.badRequest(
                    "artifact must be a reference like docker://host/team/app:1.0", Map.of("field", "artifact"));
        }
        TextLimits.check("notes", body.notes(), TextLimits.TEXT);
        // Looked up before the transaction, which must not wait for a second pooled connection.
        String person = auth.responsiblePerson(caller).orElse(null);
        return db.inTransactionRetryingConflicts(3, c -> {
            ApplicationStore.AppRow app =
                    apps.find(c, appId).orElseThrow(() -> ApiException.notFound("application not found"));
            auth.requireTeamWrite(caller, app.app().teamId());
            requireActive(app);
            var existing = versions.lock(c, appId, versionId);
            Instant now = now(existing.orElse(null));
            int required = ApplicationService.effective(app).requiredApprovers();
            if (existing.isEmpty()) {
                versions.insert(
                        c,
                        new VersionRow(
                                appId,
                                versionId,
                                artifact,
                                body.notes(),
                                now,
                                caller.uid(),
                                now,
                                caller.uid(),
                                null,
                                required,
                                person,
                                person));
                KioAudit.versionCreated(appId, versionId)
                        .append(audit, c, caller.actor(), Map.of("artifact", artifact));
                return true;
            }
            VersionRow old = existing.get();
            String notes = body.notes() != null ? body.notes() : old.notes();
            if (old.artifact().equals(artifact) && java.util.Objects.equals(old.notes(), notes)) {
                // A re-sent identical version (a CI job running "kio ver create" again) changes
                // nothing: it keeps its approvals and writes no audit entry.
                return false;
            }
            versions.update(
                    c,
                    new VersionRow(
                            appId,
                            versionId,
                            artifact,
                            notes,
                            old.created(),
                            old.createdBy(),
                            now,
                            caller.uid(),
                            null,
                            required,
                            old.createdByPerson(),
                            person));
            int reset = versions.deleteApprovals(c, appId, versionId);
            if (old.approvedAt() != null) {
                targets.changed(c, appId, versionId); // its TUF target goes with its approvals (decision 0039)
            }
            KioAudit.versionUpdated(appId, versionId)
                    .append(audit, c, caller.actor(), Map.of("artifact", artifact, "approvals_reset", reset));
            return false;
        });
    }

    /** Inactive applications take no versions or approvals until re-activated. */
    private static void requireActive(ApplicationStore.AppRow app) {
        if (!app.app().active()) {
            throw ApiException.conflict("Application " + app.app().id() + " is inactive; re-activate it first");
        }
    }

    public List<Approval> approvals(AppId application, VersionId versionRef) {
        String appId = application.value();
        String versionId = versionRef.value();
        return db.read(c -> {
            apps.find(c, appId).orElseThrow(ApiException::notFoundEmpty);
            versions.find(c, appId, versionId).orElseThrow(ApiException::notFoundEmpty);
            return versions.approvals(c, appId, versionId);
        });
    }

    public Set<String> approvalTypes(AppId application) {
        String appId = application.value();
        return db.read(c -> {
            apps.find(c, appId).orElseThrow(ApiException::notFoundEmpty);
            return versions.approvalTypes(c, appId);
        });
    }

    /** {@code POST .../approvals}: records one approval and publishes {@link VersionApproved} if it completes the policy. */
    public Approval approve(Principal caller, AppId application, VersionId versionRef, StoreApproval body) {
        String appId = application.value();
        String versionId = versionRef.value();
        if (body.approvalType() == null || body.approvalType().isBlank()) {
            throw ApiException.badRequest("missing required attribute approval_type", Map.of("field", "approval_type"));
        }
        if (!ApplicationService.APPROVAL_TYPE.matcher(body.approvalType()).matches()) {
            throw ApiException.badRequest(
                    "Invalid approval_type; it must match " + ApplicationService.APPROVAL_TYPE.pattern(),
                    Map.of("field", "approval_type"));
        }
        TextLimits.check("notes", body.notes(), TextLimits.TEXT);
        String type = ApplicationService.normalizeType(body.approvalType());
        Approved outcome = db.inTransaction(c -> {
            ApplicationStore.AppRow app =
                    apps.find(c, appId).orElseThrow(() -> ApiException.notFound("application not found"));
            VersionRow version =
                    versions.lock(c, appId, versionId).orElseThrow(() -> ApiException.notFound("version not found"));
            if (!caller.hasScope(Scopes.UID)) {
                throw ApiException.forbidden("the token lacks scope uid");
            }
            if (!caller.isEmployee()) {
                throw ApiException.forbidden("only people approve versions; services cannot");
            }
            if (!caller.memberOf(app.app().teamId())) {
                throw ApiException.forbidden("only people of team " + app.app().teamId() + " approve its versions");
            }
            requireActive(app);
            ApprovalEvaluator.Policy policy = policyOf(app, version);
            if (!policy.types().isEmpty() && !policy.types().contains(type)) {
                throw ApiException.badRequest(
                        "Approval type " + type + " is not in the policy of " + appId + "; valid types: "
                                + String.join(", ", policy.types()),
                        Map.of("field", "approval_type", "valid", policy.types()));
            }
            if (policy.fourEyes() && version.authors().contains(caller.uid())) {
                throw ApiException.forbidden("four-eyes rule: the author of a version cannot approve it"
                        + " (a version written by a service counts the person who created its credential as author)");
            }
            if (versions.approvalExists(c, appId, versionId, caller.uid(), type)) {
                throw ApiException.conflict("You have already approved " + versionId + " for " + type);
            }
            Instant now = now(version);
            Approval a = new Approval(appId, versionId, type, caller.uid(), now, body.notes());
            versions.insertApproval(c, a);
            KioAudit.approvalAdded(appId, versionId).append(audit, c, caller.actor(), Map.of("approval_type", type));
            return new Approved(a, Optional.ofNullable(completeIfApproved(c, caller, app, version, now)));
        });
        outcome.completed().ifPresent(events::publish);
        return outcome.approval();
    }

    /** What a committed approval did: the approval, and the version approval it completed, if it did. */
    private record Approved(Approval approval, Optional<VersionApproved> completed) {}

    /** The application's policy with the number of approvers the version was written with. */
    private static ApprovalEvaluator.Policy policyOf(ApplicationStore.AppRow app, VersionRow version) {
        return ApplicationService.effective(app).withRequiredApprovers(version.requiredApprovers());
    }

    /** Re-evaluates every version of an application after its policy changed, publishing newly approved ones. */
    public void reevaluate(Principal caller, String appId) {
        List<VersionApproved> completed = db.inTransaction(c -> {
            ApplicationStore.AppRow app =
                    apps.lock(c, appId).orElseThrow(() -> ApiException.notFound("application not found"));
            List<VersionApproved> list = new ArrayList<>();
            for (VersionRow listed : versions.list(c, appId)) {
                if (listed.approvedAt() != null) {
                    continue;
                }
                // Lock and re-read, as approve does: an approval committed since the list was read
                // may already have marked the version approved and published the event.
                VersionRow row = versions.lock(c, appId, listed.id()).orElse(null);
                if (row != null && row.approvedAt() == null) {
                    VersionApproved done = completeIfApproved(c, caller, app, row, now(row));
                    if (done != null) {
                        list.add(done);
                    }
                }
            }
            return list;
        });
        completed.forEach(events::publish);
    }

    private VersionApproved completeIfApproved(
            Connection c, Principal caller, ApplicationStore.AppRow app, VersionRow version, Instant now)
            throws SQLException {
        if (version.approvedAt() != null) {
            return null;
        }
        var outcome = ApprovalEvaluator.evaluate(
                policyOf(app, version),
                version.authors(),
                versions.approvals(c, version.applicationId(), version.id()));
        if (!outcome.approved()) {
            return null;
        }
        versions.markApproved(c, version.applicationId(), version.id(), now);
        KioAudit.versionApproved(version.applicationId(), version.id())
                .append(audit, c, caller.actor(), Map.of("artifact", version.artifact()));
        VersionApproved approved = new VersionApproved(
                version.applicationId(),
                version.id(),
                version.artifact(),
                app.app().teamId(),
                now);
        // The durable reaction (outbox), committed with the approval; the event after commit is only a notification.
        tasks.enqueue(c, VersionApprovedTask.KIND, approved);
        targets.approved(
                c,
                new ApprovedTargets.Added(
                        version.applicationId(),
                        version.id(),
                        version.artifact(),
                        now,
                        versions.approvals(c, version.applicationId(), version.id()).stream()
                                .map(a -> new ApprovedTargets.Approval(a.userId(), a.approvalType(), a.approvedAt()))
                                .toList()));
        return approved;
    }

    private static Version view(VersionRow row, ApprovalEvaluator.Policy policy, List<Approval> approvals) {
        var outcome = ApprovalEvaluator.evaluate(
                policy.withRequiredApprovers(row.requiredApprovers()), row.authors(), approvals);
        boolean approved = row.approvedAt() != null || outcome.approved();
        return new Version(
                row.id(),
                row.applicationId(),
                row.artifact(),
                row.notes(),
                row.created(),
                row.createdBy(),
                row.lastModified(),
                row.lastModifiedBy(),
                approved ? Version.APPROVED : Version.PENDING,
                approved ? List.of() : outcome.missingTypes(),
                approved ? 0 : outcome.missingApprovers(),
                row.approvedAt());
    }
}
