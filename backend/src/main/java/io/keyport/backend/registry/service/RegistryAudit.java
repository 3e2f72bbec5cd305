package io.keyport.backend.registry.service;

import io.keyport.backend.audit.service.Actor;
import io.keyport.backend.audit.service.AuditService;
import io.keyport.model.registry.Digest;
import io.keyport.model.registry.RepositoryName;
import io.keyport.model.registry.Tag;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the registry writes to the audit log: one entry per push of a manifest (with its tag, when
 * pushed by tag), never one per blob or chunk. These strings are hashed into the chain and named by
 * filters, so they never change (pinned by the test of this class).
 */
public record RegistryAudit(String action, String target) {

    /** A tag was set: a new tag, or a {@code -SNAPSHOT} tag moved. */
    public static RegistryAudit tagPushed(RepositoryName repository, Tag tag) {
        return new RegistryAudit("image.push", "image:" + repository + ":" + tag);
    }

    /** A manifest was stored without a tag (pushed by digest: index children, referrers). */
    public static RegistryAudit manifestPushed(RepositoryName repository, Digest digest) {
        return new RegistryAudit("image.manifest.push", "image:" + repository + "@" + digest);
    }

    /** Appends this entry with {@code details} in the transaction of {@code c}. */
    public void append(AuditService audit, Connection c, Actor actor, Object details) throws SQLException {
        audit.append(c, actor, action, target, details);
    }
}
