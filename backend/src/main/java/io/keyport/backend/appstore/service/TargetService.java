package io.keyport.backend.appstore.service;

import io.keyport.backend.appstore.store.TargetStore;
import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.identity.service.Authorizer;
import io.keyport.backend.identity.service.Principal;
import io.keyport.backend.identity.service.TeamDirectory;
import io.keyport.model.appstore.DeploymentTarget;
import io.keyport.model.appstore.DeploymentTargetRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Deployment targets ({@code /namespaces}): a namespace of a cluster, reached through a kubeconfig
 * reference, and the teams allowed to deploy there. Admins configure them; everyone else sees the
 * ones their teams may use, without the kubeconfig reference. Nothing is deployed here: releases
 * (later) read the targets through {@link #usableBy}.
 */
public final class TargetService {

    /** A DNS-1123 label, as Kubernetes names namespaces; also the form of a target's id. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private static final int MAX_TEAMS = 100;

    private final Database db;
    private final TargetStore store;
    private final Authorizer authorizer;
    private final TeamDirectory teams;
    private final AuditService audit;
    private final Clock clock;

    public TargetService(
            Database db,
            TargetStore store,
            Authorizer authorizer,
            TeamDirectory teams,
            AuditService audit,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.authorizer = authorizer;
        this.teams = teams;
        this.audit = audit;
        this.clock = clock;
    }

    /** The targets the caller may deploy to (admins: all, with their kubeconfig references). */
    public List<DeploymentTarget> list(Principal caller) {
        authorizer.requireRead(caller);
        return usableBy(caller).stream()
                .map(t -> new DeploymentTarget(
                        t.id(),
                        t.cluster(),
                        t.namespace(),
                        t.description(),
                        t.teams(),
                        caller.admin() ? t.kubeconfig() : null))
                .toList();
    }

    /** The targets {@code caller} may deploy to: those of one of its teams, or all for an admin. */
    public List<TargetStore.TargetRow> usableBy(Principal caller) {
        List<TargetStore.TargetRow> all = db.read(store::list);
        if (caller.admin()) {
            return all;
        }
        return all.stream()
                .filter(t -> t.teams().stream().anyMatch(caller::memberOf))
                .toList();
    }

    /** Creates or replaces a target (admins); true when it was created. */
    public boolean put(Principal caller, String id, DeploymentTargetRequest request) {
        authorizer.requireAdmin(caller);
        validateId(id);
        TargetStore.TargetRow row = validate(id, request);
        return db.inTransaction(c -> {
            boolean exists = store.lock(c, id).isPresent();
            for (String team : row.teams()) {
                if (!teams.lockTeam(c, team)) {
                    throw AppStoreError.BAD_REQUEST.with("team " + team + " does not exist");
                }
            }
            store.put(c, row, exists, clock.instant(), caller.uid());
            (exists ? AppStoreAudit.targetUpdated(id) : AppStoreAudit.targetCreated(id))
                    .append(
                            audit,
                            c,
                            caller.actor(),
                            Map.of(
                                    "cluster", row.cluster(),
                                    "namespace", row.namespace(),
                                    "teams", row.teams()));
            return !exists;
        });
    }

    /** Removes a target (admins). */
    public void delete(Principal caller, String id) {
        authorizer.requireAdmin(caller);
        validateId(id);
        db.inTransaction(c -> {
            if (store.lock(c, id).isEmpty()) {
                throw AppStoreError.NOT_FOUND.with("deployment target " + id + " not found");
            }
            store.delete(c, id);
            AppStoreAudit.targetDeleted(id).append(audit, c, caller.actor(), Map.of());
            return null;
        });
    }

    /** A target id is a DNS-1123 label (lower-case letters, digits, '-'; at most 63). */
    public static void validateId(String id) {
        if (id == null || !LABEL.matcher(id).matches()) {
            throw AppStoreError.BAD_REQUEST.with(
                    "a deployment target id is a DNS-1123 label: 1 to 63 lower-case letters, digits or '-'");
        }
    }

    private static TargetStore.TargetRow validate(String id, DeploymentTargetRequest r) {
        String cluster = text("cluster", r.cluster(), 255, true);
        String kubeconfig = text("kubeconfig", r.kubeconfig(), 1024, true);
        String namespace = text("namespace", r.namespace(), 63, true);
        if (!LABEL.matcher(namespace).matches()) {
            throw AppStoreError.BAD_REQUEST.with(
                    "namespace must be a DNS-1123 label (lower-case letters, digits, '-')");
        }
        String description = text("description", r.description(), 1024, false);
        List<String> teamIds = r.teams() == null ? List.of() : r.teams();
        if (teamIds.size() > MAX_TEAMS) {
            throw AppStoreError.BAD_REQUEST.with("at most " + MAX_TEAMS + " teams");
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String team : teamIds) {
            sorted.add(text("teams", team, 64, true));
        }
        return new TargetStore.TargetRow(id, cluster, kubeconfig, namespace, description, new ArrayList<>(sorted));
    }

    private static String text(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new io.keyport.backend.http.ApiException(
                        AppStoreError.BAD_REQUEST, field + " is required", Map.of("field", field));
            }
            return null;
        }
        if (value.length() > max) {
            throw new io.keyport.backend.http.ApiException(
                    AppStoreError.BAD_REQUEST,
                    field + " must have at most " + max + " characters",
                    Map.of("field", field));
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new io.keyport.backend.http.ApiException(
                        AppStoreError.BAD_REQUEST,
                        field + " must not contain control characters",
                        Map.of("field", field));
            }
        }
        return value;
    }
}
