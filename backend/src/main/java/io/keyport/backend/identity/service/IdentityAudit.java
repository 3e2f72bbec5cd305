package io.keyport.backend.identity.service;

import io.keyport.backend.audit.service.Actor;
import io.keyport.backend.audit.service.AuditService;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the identity domain writes to the audit log: one factory per kind of write, naming the
 * action and the target of its entry. These strings are stored in every entry and hashed into the
 * chain, and exports and filters name them, so they never change (the test of this class pins
 * them); a new kind of write gets a new factory.
 */
public record IdentityAudit(String action, String target) {

    /** A team created ({@code created}) or renamed by {@code PUT /api/teams/{id}}. */
    public static IdentityAudit teamPut(String team, boolean created) {
        return new IdentityAudit(created ? "team.create" : "team.update", team(team));
    }

    public static IdentityAudit teamDeleted(String team) {
        return new IdentityAudit("team.delete", team(team));
    }

    public static IdentityAudit userCreated(String uid) {
        return new IdentityAudit("user.create", user(uid));
    }

    public static IdentityAudit userUpdated(String uid) {
        return new IdentityAudit("user.update", user(uid));
    }

    public static IdentityAudit userDeleted(String uid) {
        return new IdentityAudit("user.delete", user(uid));
    }

    /** A service credential of an application created; its target is the application. */
    public static IdentityAudit credentialCreated(String app) {
        return new IdentityAudit("service.credential.create", app(app));
    }

    public static IdentityAudit credentialRevoked(String app) {
        return new IdentityAudit("service.credential.revoke", app(app));
    }

    public static IdentityAudit scopesSet(String app) {
        return new IdentityAudit("service.scopes.set", app(app));
    }

    /** Appends this entry with {@code details} in the transaction of {@code c}. */
    public void append(AuditService audit, Connection c, Actor actor, Object details) throws SQLException {
        audit.append(c, actor, action, target, details);
    }

    private static String team(String team) {
        return "team:" + team;
    }

    private static String user(String uid) {
        return "user:" + uid;
    }

    private static String app(String app) {
        return "app:" + app;
    }
}
