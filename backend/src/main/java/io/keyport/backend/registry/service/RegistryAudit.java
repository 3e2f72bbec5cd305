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
 * pushed by tag), never one per blob or chunk; one per change of a team's settings and per takedown. These strings are hashed into the chain and named by
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

    /** An admin changed a team's mutable-tag patterns. */
    public static RegistryAudit tagRulesChanged(String team) {
        return new RegistryAudit("registry.team.mutable_tags", "registry-team:" + team);
    }

    /** A team's namespace was made public for anonymous pulls, or private again. */
    public static RegistryAudit visibilityChanged(String team) {
        return new RegistryAudit("registry.team.visibility", "registry-team:" + team);
    }

    /** An admin took a manifest down (legal takedown): it and its tags were deleted. */
    public static RegistryAudit takenDown(RepositoryName repository, Digest digest) {
        return new RegistryAudit("image.takedown", "image:" + repository + "@" + digest);
    }

    /** Appends this entry with {@code details} in the transaction of {@code c}. */
    public void append(AuditService audit, Connection c, Actor actor, Object details) throws SQLException {
        audit.append(c, actor, action, target, details);
    }
}
