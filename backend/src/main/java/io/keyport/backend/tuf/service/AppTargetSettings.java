package io.keyport.backend.tuf.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.identity.service.Authorizer;
import io.keyport.backend.identity.service.Principal;
import io.keyport.backend.tuf.store.AppTargetsStore;
import io.keyport.model.common.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Whether an application's approved versions become TUF targets (decision 0053), kept on the TUF
 * side so Kio's API is unchanged: {@code GET /api/v1/config/applications/{id}} for any reader, and
 * {@code PUT} by a TUF admin or by whoever may write for the application's team (Kio's rule). The
 * default is on. A change is audited ({@code tuf.app_targets.update} on {@code tuf-app:<id>}) and
 * applies to target tasks that run after it; targets already published stay until their version
 * changes.
 */
public final class AppTargetSettings {

    private final Database db;
    private final AppTargetsStore store;
    private final ApplicationOwners owners;
    private final Authorizer authorizer;
    private final AuditService audit;
    private final Clock clock;

    public AppTargetSettings(
            Database db,
            AppTargetsStore store,
            ApplicationOwners owners,
            Authorizer authorizer,
            AuditService audit,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.owners = owners;
        this.authorizer = authorizer;
        this.audit = audit;
        this.clock = clock;
    }

    /** The setting of {@code application}: {@code tuf.read} or any reader (uid). */
    public Map<String, Object> get(Principal caller, String application) {
        if (!caller.hasScope(TufScopes.READ)
                && !caller.hasScope(TufScopes.WRITE)
                && !caller.hasScope(TufScopes.ADMIN)) {
            authorizer.requireRead(caller);
        }
        return db.read(c -> {
            owners.team(c, application).orElseThrow(() -> unknown(application));
            return view(application, store.find(c, application).orElse(null));
        });
    }

    /** Sets {@code {"approved_targets": bool}}: a TUF admin, or a writer for the application's team. */
    public Map<String, Object> put(Principal caller, String application, Supplier<JsonNode> body) {
        db.read(c -> authorise(c, caller, application)); // who may, before reading the body
        JsonNode json = body.get();
        JsonNode value = json == null || !json.isObject() ? null : json.get("approved_targets");
        if (value == null || !value.isBoolean() || json.size() != 1) {
            throw RstufError.invalid("The body must be {\"approved_targets\": true|false}");
        }
        Instant now = Timestamps.now(clock);
        return db.inTransactionRetryingConflicts(3, c -> {
            authorise(c, caller, application); // again: the application may have moved meanwhile
            AppTargetsStore.Setting setting = new AppTargetsStore.Setting(
                    application,
                    value.booleanValue(),
                    now,
                    caller.actor().realm() + ":" + caller.actor().uid());
            store.put(c, setting);
            TufAudit.appTargetsSetting(application)
                    .append(audit, c, caller.actor(), Map.of("approved_targets", setting.enabled()));
            return view(application, setting);
        });
    }

    /** 403 without uid, 404 for an unknown application, 403 unless a TUF admin or a writer for its team. */
    private String authorise(Connection c, Principal caller, String application) throws SQLException {
        boolean admin = caller.hasScope(TufScopes.ADMIN);
        if (!admin) {
            authorizer.requireRead(caller); // a token without uid learns nothing, not even existence
        }
        String team = owners.team(c, application).orElseThrow(() -> unknown(application));
        if (!admin) {
            authorizer.requireTeamWrite(caller, team);
        }
        return team;
    }

    private static Map<String, Object> view(String application, AppTargetsStore.Setting setting) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("application", application);
        data.put("approved_targets", setting == null || setting.enabled());
        data.put("updated_at", setting == null ? null : Timestamps.format(setting.updatedAt()));
        data.put("updated_by", setting == null ? null : setting.updatedBy());
        return data;
    }

    private static ApiException unknown(String application) {
        return RstufError.precondition("No such application: " + application);
    }
}
