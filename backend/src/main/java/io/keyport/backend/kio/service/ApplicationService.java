package io.keyport.backend.kio.service;

import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.db.DatabaseException;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.identity.service.Authorizer;
import io.keyport.backend.identity.service.Principal;
import io.keyport.backend.identity.service.ServiceCredentials;
import io.keyport.backend.identity.service.TeamDirectory;
import io.keyport.backend.kio.store.ApplicationStore;
import io.keyport.backend.kio.store.VersionStore;
import io.keyport.model.common.Timestamps;
import io.keyport.model.kio.AppId;
import io.keyport.model.kio.Application;
import io.keyport.model.kio.ApplicationFilter;
import io.keyport.model.kio.ApprovalPolicy;
import io.keyport.model.kio.ApprovalPolicyRequest;
import io.keyport.model.kio.StoreApplication;
import io.keyport.model.kio.TeamId;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The Kio application registry: read, search, and the partial-update upsert with Kio's write rule
 * (A.3): the team checked is the stored owner for an existing application and the body's team
 * for a new one, so the current owner may hand an application to another team, which must exist.
 * Also the per-application approval policy, changed by admins only (a team must not be able to
 * weaken the control over its own releases).
 */
public final class ApplicationService {

    static final Pattern APPROVAL_TYPE = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");

    private final Database db;
    private final ApplicationStore store;
    private final SearchCopy searchCopy;
    private final Authorizer auth;
    private final TeamDirectory accounts;
    private final AuditService audit;
    private final ServiceCredentials services;
    private final VersionStore versions;
    private final Clock clock;
    private final PolicyListener policyListener;
    private final Runnable serviceIdentityChanged;

    /**
     * @param policyListener         called after a policy change has committed, so that version
     *                               states are re-evaluated
     * @param serviceIdentityChanged called after a committed change of an application's team or
     *                               active flag: its service identity acts for another team, or may
     *                               no longer act at all, from now on
     */
    public ApplicationService(
            Database db,
            ApplicationStore store,
            VersionStore versions,
            Authorizer auth,
            TeamDirectory accounts,
            ServiceCredentials services,
            AuditService audit,
            Clock clock,
            PolicyListener policyListener,
            Runnable serviceIdentityChanged) {
        this.db = db;
        this.store = store;
        this.searchCopy = new SearchCopy(store, clock);
        this.versions = versions;
        this.auth = auth;
        this.accounts = accounts;
        this.services = services;
        this.audit = audit;
        this.clock = clock;
        this.policyListener = policyListener;
        this.serviceIdentityChanged = serviceIdentityChanged;
    }

    /** {@code raw} as an application id; a 400 naming the rule (field {@code id}) when it is not one. */
    public static AppId appId(String raw) {
        if (!AppId.RULE.allows(raw)) {
            throw ApiException.badRequest(AppId.RULE.message(), Map.of("field", "id"));
        }
        return new AppId(raw);
    }

    /** The single-item view with the computed {@code required_approvers}; 404 {@code {}} when absent. */
    public Application get(AppId appId) {
        String id = appId.value();
        return db.read(c -> store.find(c, id))
                .map(r -> r.app().withRequiredApprovers())
                .orElseThrow(ApiException::notFoundEmpty);
    }

    public Optional<ApplicationStore.AppRow> row(String id) {
        return db.read(c -> store.find(c, id));
    }

    /** Streams the filtered list (no search) to {@code sink}. */
    public void list(ApplicationFilter filter, java.util.function.Consumer<Application> sink) {
        db.read(c -> {
            store.scan(c, filter, row -> sink.accept(row.app()));
            return null;
        });
    }

    /** Search hits ordered by rank (best first), then id. */
    public List<SearchCopy.Hit> search(String query, ApplicationFilter filter) {
        List<String> terms = Search.terms(query);
        if (terms.isEmpty()) {
            return List.of();
        }
        return db.read(c -> searchCopy.search(c, filter, terms));
    }

    /** {@code PUT /apps/{id}}: creates or partially updates; returns true when created. */
    public boolean put(Principal caller, AppId appId, StoreApplication body) {
        String id = appId.value();
        if (body.criticalityLevel() != null && (body.criticalityLevel() < 1 || body.criticalityLevel() > 4)) {
            throw ApiException.badRequest(
                    "criticality_level must be between 1 and 4", Map.of("field", "criticality_level"));
        }
        if (body.teamId() != null && body.teamId().isBlank()) {
            throw ApiException.badRequest("team_id must not be empty", Map.of("field", "team_id"));
        }
        if (body.name() != null && body.name().isBlank()) {
            throw ApiException.badRequest("name must not be empty", Map.of("field", "name"));
        }
        TextLimits.check("name", body.name(), TextLimits.NAME);
        TextLimits.check("subtitle", body.subtitle(), TextLimits.SUBTITLE);
        TextLimits.check("description", body.description(), TextLimits.TEXT);
        TextLimits.check("service_url", body.serviceUrl(), TextLimits.URL);
        TextLimits.check("scm_url", body.scmUrl(), TextLimits.URL);
        TextLimits.check("documentation_url", body.documentationUrl(), TextLimits.URL);
        TextLimits.check("specification_url", body.specificationUrl(), TextLimits.URL);
        TextLimits.check("support_url", body.supportUrl(), TextLimits.URL);
        TextLimits.check("specification_type", body.specificationType(), TextLimits.SHORT);
        TextLimits.check("incident_contact", body.incidentContact(), TextLimits.SHORT);
        PutOutcome outcome;
        try {
            // A concurrent create of the same new application makes the insert fail on the primary
            // key; the next attempt finds the row and updates it, as if the requests had queued.
            outcome = db.inTransactionRetryingConflicts(3, c -> {
                Optional<ApplicationStore.AppRow> existing = store.lock(c, id);
                String storedTeam = existing.map(r -> r.app().teamId()).orElse(null);
                // The new team is locked until commit: a concurrent deletion of it waits and then
                // finds the application, or wins and this write answers "does not exist".
                boolean bodyTeamExists = body.teamId() == null
                        || body.teamId().equals(storedTeam)
                        || (TeamId.RULE.allows(body.teamId()) && accounts.lockTeam(c, body.teamId()));
                Instant now = Timestamps.now(clock);
                if (existing.isEmpty()) {
                    for (var required : List.of(
                            Map.entry("team_id", Optional.ofNullable(body.teamId())),
                            Map.entry("name", Optional.ofNullable(body.name())),
                            Map.entry("active", Optional.ofNullable(body.active())))) {
                        if (required.getValue().isEmpty()) {
                            throw ApiException.badRequest(
                                    "missing required attribute " + required.getKey(),
                                    Map.of("field", required.getKey()));
                        }
                    }
                    // Kio's documented answer for a new application of an unknown team, whoever asks.
                    if (!bodyTeamExists) {
                        throw teamDoesNotExist(body.teamId());
                    }
                }
                auth.requireTeamWrite(caller, storedTeam != null ? storedTeam : body.teamId());
                if (body.teamId() != null && !body.teamId().equals(storedTeam) && !bodyTeamExists) {
                    throw teamDoesNotExist(body.teamId());
                }
                if (existing.isEmpty()) {
                    Application app = new Application(
                            id,
                            body.teamId(),
                            body.active(),
                            body.name(),
                            body.subtitle(),
                            body.description(),
                            body.serviceUrl(),
                            body.scmUrl(),
                            body.documentationUrl(),
                            body.specificationUrl(),
                            body.supportUrl(),
                            body.specificationType(),
                            body.incidentContact(),
                            body.criticalityLevel(),
                            Boolean.TRUE.equals(body.publiclyAccessible()),
                            null,
                            now,
                            caller.uid(),
                            now,
                            caller.uid(),
                            null,
                            null);
                    store.insert(c, app);
                    KioAudit.applicationCreated(id).append(audit, c, caller.actor(), changes(null, app));
                    return new PutOutcome(true, false);
                }
                Application old = existing.get().app();
                Application merged = new Application(
                        id,
                        pick(body.teamId(), old.teamId()),
                        pick(body.active(), old.active()),
                        pick(body.name(), old.name()),
                        pick(body.subtitle(), old.subtitle()),
                        pick(body.description(), old.description()),
                        pick(body.serviceUrl(), old.serviceUrl()),
                        pick(body.scmUrl(), old.scmUrl()),
                        pick(body.documentationUrl(), old.documentationUrl()),
                        pick(body.specificationUrl(), old.specificationUrl()),
                        pick(body.supportUrl(), old.supportUrl()),
                        pick(body.specificationType(), old.specificationType()),
                        pick(body.incidentContact(), old.incidentContact()),
                        pick(body.criticalityLevel(), old.criticalityLevel()),
                        pick(body.publiclyAccessible(), old.publiclyAccessible()),
                        null,
                        old.created(),
                        old.createdBy(),
                        now,
                        caller.uid(),
                        null,
                        null);
                store.update(c, merged);
                KioAudit.applicationUpdated(id).append(audit, c, caller.actor(), changes(old, merged));
                if (!old.teamId().equals(merged.teamId())) {
                    // The credentials were handed out by the old team's people; they must not act
                    // for the new team.
                    services.revokeAll(
                            c,
                            caller.actor(),
                            id,
                            "application moved from team " + old.teamId() + " to team " + merged.teamId(),
                            now);
                }
                // A criticality change does not touch pending versions: the number of approvers a
                // version needs is fixed when it is written (decision 0006).
                return new PutOutcome(false, !old.teamId().equals(merged.teamId()) || old.active() != merged.active());
            });
        } catch (DatabaseException e) {
            if (e.kind() == DatabaseException.Kind.FOREIGN_KEY_VIOLATION && body.teamId() != null) {
                // The team was deleted between the existence check and the write.
                throw teamDoesNotExist(body.teamId());
            }
            throw e;
        }
        if (outcome.ownershipChanged()) {
            serviceIdentityChanged.run();
        }
        return outcome.created();
    }

    /**
     * What a committed {@link #put} did: whether it created the application, and whether its team
     * or active flag changed (so its service identity must be looked up afresh).
     */
    private record PutOutcome(boolean created, boolean ownershipChanged) {}

    private static ApiException teamDoesNotExist(String team) {
        return ApiException.badRequest("Team " + team + " does not exist.", Map.of("field", "team_id"));
    }

    private static <T> T pick(T given, T stored) {
        return given != null ? given : stored;
    }

    /** The fields that differ between two versions of an application (all set fields on create). */
    private static Map<String, Object> changes(Application old, Application now) {
        Map<String, Function<Application, Object>> fields = new LinkedHashMap<>();
        fields.put("team_id", Application::teamId);
        fields.put("active", Application::active);
        fields.put("name", Application::name);
        fields.put("subtitle", Application::subtitle);
        fields.put("description", Application::description);
        fields.put("service_url", Application::serviceUrl);
        fields.put("scm_url", Application::scmUrl);
        fields.put("documentation_url", Application::documentationUrl);
        fields.put("specification_url", Application::specificationUrl);
        fields.put("support_url", Application::supportUrl);
        fields.put("specification_type", Application::specificationType);
        fields.put("incident_contact", Application::incidentContact);
        fields.put("criticality_level", Application::criticalityLevel);
        fields.put("publicly_accessible", Application::publiclyAccessible);
        Map<String, Object> changed = new LinkedHashMap<>();
        fields.forEach((name, getter) -> {
            Object value = getter.apply(now);
            if (value != null && (old == null || !Objects.equals(getter.apply(old), value))) {
                changed.put(name, value);
            }
        });
        return changed;
    }

    // ---- approval policy

    public ApprovalPolicy policy(AppId id) {
        return view(db.read(c -> store.find(c, id.value())).orElseThrow(ApiException::notFoundEmpty));
    }

    static ApprovalEvaluator.Policy effective(ApplicationStore.AppRow row) {
        return new ApprovalEvaluator.Policy(
                row.policyTypes() == null ? ApprovalPolicy.DEFAULT_TYPES : row.policyTypes(),
                row.policyRequiredApprovers() == null
                        ? Application.requiredApproversFor(row.app().criticalityLevel())
                        : row.policyRequiredApprovers(),
                row.fourEyes());
    }

    private static ApprovalPolicy view(ApplicationStore.AppRow row) {
        ApprovalEvaluator.Policy p = effective(row);
        return new ApprovalPolicy(p.types(), row.policyRequiredApprovers(), p.fourEyes(), p.requiredApprovers());
    }

    public ApprovalPolicy putPolicy(Principal caller, AppId appId, ApprovalPolicyRequest body) {
        String id = appId.value();
        auth.requireAdmin(caller);
        if (body.approvalTypes() != null) {
            for (String type : body.approvalTypes()) {
                if (type == null || !APPROVAL_TYPE.matcher(type).matches()) {
                    throw ApiException.badRequest(
                            "Invalid approval type; it must match " + APPROVAL_TYPE.pattern(),
                            Map.of("field", "approval_types"));
                }
            }
        }
        if (body.approvalTypes() != null) {
            // stored comma-separated in one column
            TextLimits.check("approval_types", String.join(",", body.approvalTypes()), TextLimits.POLICY_TYPES);
        }
        if (body.requiredApprovers() != null && (body.requiredApprovers() < 1 || body.requiredApprovers() > 100)) {
            throw ApiException.badRequest(
                    "required_approvers must be between 1 and 100", Map.of("field", "required_approvers"));
        }
        ApprovalPolicy result = db.inTransaction(c -> {
            ApplicationStore.AppRow row =
                    store.lock(c, id).orElseThrow(() -> ApiException.notFound("application not found"));
            List<String> types = body.approvalTypes() == null
                    ? row.policyTypes()
                    : List.copyOf(new java.util.LinkedHashSet<>(body.approvalTypes().stream()
                            .map(ApplicationService::normalizeType)
                            .toList()));
            Integer required =
                    body.requiredApprovers() == null ? row.policyRequiredApprovers() : body.requiredApprovers();
            boolean fourEyes = body.fourEyes() == null ? row.fourEyes() : body.fourEyes();
            store.updatePolicy(c, id, types, required, fourEyes);
            ApplicationStore.AppRow updated = new ApplicationStore.AppRow(row.app(), types, required, fourEyes);
            ApprovalPolicy view = view(updated);
            if (body.requiredApprovers() != null) {
                // An admin's explicit number applies to the versions still pending, too.
                versions.setPendingRequirement(c, id, body.requiredApprovers());
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("approval_types", view.approvalTypes());
            details.put("required_approvers", view.effectiveRequiredApprovers());
            details.put("four_eyes", view.fourEyes());
            KioAudit.policyUpdated(id).append(audit, c, caller.actor(), details);
            return view;
        });
        policyListener.policyChanged(caller, id);
        return result;
    }

    /** Approval types are compared upper-case: {@code test} and {@code TEST} are one type. */
    static String normalizeType(String type) {
        return type.toUpperCase(Locale.ROOT);
    }

    /** Reacts to a committed policy change. */
    @FunctionalInterface
    public interface PolicyListener {
        void policyChanged(Principal caller, String applicationId);
    }
}
