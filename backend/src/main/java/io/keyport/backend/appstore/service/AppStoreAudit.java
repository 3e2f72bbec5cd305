package io.keyport.backend.appstore.service;

import io.keyport.backend.audit.service.Actor;
import io.keyport.backend.audit.service.AuditService;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the App Store writes to the audit log: one factory per kind of write, naming the action and
 * the target of its entry. The strings are hashed into the chain and named by exports and filters,
 * so they never change (the test of this class pins them).
 */
public record AppStoreAudit(String action, String target) {

    public static AppStoreAudit chartUploaded(String name, String version) {
        return new AppStoreAudit("chart.upload", chart(name, version));
    }

    /** A chart version pushed as an OCI artifact into the image registry joined the catalogue. */
    public static AppStoreAudit chartPushed(String name, String version) {
        return new AppStoreAudit("chart.oci-push", chart(name, version));
    }

    public static AppStoreAudit chartDeleted(String name, String version) {
        return new AppStoreAudit("chart.delete", chart(name, version));
    }

    public static AppStoreAudit targetCreated(String id) {
        return new AppStoreAudit("deployment-target.create", target(id));
    }

    public static AppStoreAudit targetUpdated(String id) {
        return new AppStoreAudit("deployment-target.update", target(id));
    }

    public static AppStoreAudit targetDeleted(String id) {
        return new AppStoreAudit("deployment-target.delete", target(id));
    }

    /** Appends this entry with {@code details} in the transaction of {@code c}. */
    public void append(AuditService audit, Connection c, Actor actor, Object details) throws SQLException {
        audit.append(c, actor, action, target, details);
    }

    private static String chart(String name, String version) {
        return "chart:" + name + "/version:" + version;
    }

    private static String target(String id) {
        return "namespace:" + id;
    }
}
