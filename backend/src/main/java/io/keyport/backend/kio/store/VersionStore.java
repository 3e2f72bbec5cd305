package io.keyport.backend.kio.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.backend.db.RowMapper;
import io.keyport.backend.db.Sql;
import io.keyport.model.kio.Approval;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Rows of {@code versions} and {@code approvals}. */
public final class VersionStore {

    /**
     * A stored version without its computed approval state. {@code requiredApprovers} is fixed when
     * the version is written; the {@code *ByPerson} fields name the person accountable for a
     * service's write (null when unknown).
     */
    public record VersionRow(
            String applicationId,
            String id,
            String artifact,
            String notes,
            Instant created,
            String createdBy,
            Instant lastModified,
            String lastModifiedBy,
            Instant approvedAt,
            int requiredApprovers,
            String createdByPerson,
            String lastModifiedByPerson) {

        /** Everyone who counts as an author under four eyes. */
        public Set<String> authors() {
            Set<String> authors = new TreeSet<>();
            for (String uid : new String[] {createdBy, lastModifiedBy, createdByPerson, lastModifiedByPerson}) {
                if (uid != null) {
                    authors.add(uid);
                }
            }
            return authors;
        }
    }

    private static final RowMapper<VersionRow> VERSION = rs -> new VersionRow(
            rs.getString("application_id"),
            rs.getString("id"),
            rs.getString("artifact"),
            rs.getString("notes"),
            Jdbc.getInstant(rs, "created"),
            rs.getString("created_by"),
            Jdbc.getInstant(rs, "last_modified"),
            rs.getString("last_modified_by"),
            Jdbc.getInstant(rs, "approved_at"),
            rs.getInt("required_approvers"),
            rs.getString("created_by_person"),
            rs.getString("last_modified_by_person"));

    private static final RowMapper<Approval> APPROVAL = rs -> new Approval(
            rs.getString("application_id"),
            rs.getString("version_id"),
            rs.getString("approval_type"),
            rs.getString("user_id"),
            Jdbc.getInstant(rs, "approved_at"),
            rs.getString("notes"));

    public Optional<VersionRow> find(Connection c, String applicationId, String id) throws SQLException {
        return findRow(c, applicationId, id, false);
    }

    public Optional<VersionRow> lock(Connection c, String applicationId, String id) throws SQLException {
        return findRow(c, applicationId, id, true);
    }

    private Optional<VersionRow> findRow(Connection c, String applicationId, String id, boolean lock)
            throws SQLException {
        return Sql.one(
                c,
                "SELECT * FROM versions WHERE application_id = ? AND id = ?" + (lock ? " FOR UPDATE" : ""),
                VERSION,
                applicationId,
                id);
    }

    public List<VersionRow> list(Connection c, String applicationId) throws SQLException {
        return Sql.list(
                c, "SELECT * FROM versions WHERE application_id = ? ORDER BY created_order", VERSION, applicationId);
    }

    public void insert(Connection c, VersionRow v) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO versions (application_id, id, artifact, notes, created, created_by, last_modified,"
                        + " last_modified_by, approved_at, required_approvers, created_by_person, last_modified_by_person)"
                        + " VALUES (?,?,?,?,?,?,?,?,NULL,?,?,?)",
                v.applicationId(),
                v.id(),
                v.artifact(),
                v.notes(),
                v.created(),
                v.createdBy(),
                v.lastModified(),
                v.lastModifiedBy(),
                v.requiredApprovers(),
                v.createdByPerson(),
                v.lastModifiedByPerson());
    }

    /** Updates artifact, notes, modifier and requirement, and clears the approved state. */
    public void update(Connection c, VersionRow v) throws SQLException {
        Sql.update(
                c,
                "UPDATE versions SET artifact = ?, notes = ?, last_modified = ?, last_modified_by = ?,"
                        + " approved_at = NULL, required_approvers = ?, last_modified_by_person = ?"
                        + " WHERE application_id = ? AND id = ?",
                v.artifact(),
                v.notes(),
                v.lastModified(),
                v.lastModifiedBy(),
                v.requiredApprovers(),
                v.lastModifiedByPerson(),
                v.applicationId(),
                v.id());
    }

    public void markApproved(Connection c, String applicationId, String id, Instant approvedAt) throws SQLException {
        Sql.update(
                c,
                "UPDATE versions SET approved_at = ? WHERE application_id = ? AND id = ?",
                approvedAt,
                applicationId,
                id);
    }

    /**
     * Records that the {@code version.approved} task of a version was processed; the first time
     * counts, a repeated call changes nothing. Returns whether this call recorded it.
     */
    public boolean markApprovalDelivered(Connection c, String applicationId, String id, Instant deliveredAt)
            throws SQLException {
        return Sql.update(
                        c,
                        "UPDATE versions SET approval_delivered_at = ?"
                                + " WHERE application_id = ? AND id = ? AND approval_delivered_at IS NULL",
                        deliveredAt,
                        applicationId,
                        id)
                == 1;
    }

    /** Sets the requirement of every pending version of an application (an admin changed its policy). */
    public void setPendingRequirement(Connection c, String applicationId, int requiredApprovers) throws SQLException {
        Sql.update(
                c,
                "UPDATE versions SET required_approvers = ? WHERE application_id = ? AND approved_at IS NULL",
                requiredApprovers,
                applicationId);
    }

    public int deleteApprovals(Connection c, String applicationId, String versionId) throws SQLException {
        return Sql.update(
                c, "DELETE FROM approvals WHERE application_id = ? AND version_id = ?", applicationId, versionId);
    }

    public void insertApproval(Connection c, Approval a) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO approvals (application_id, version_id, user_id, approval_type, approved_at, notes)"
                        + " VALUES (?,?,?,?,?,?)",
                a.applicationId(),
                a.versionId(),
                a.userId(),
                a.approvalType(),
                a.approvedAt(),
                a.notes());
    }

    public boolean approvalExists(Connection c, String applicationId, String versionId, String userId, String type)
            throws SQLException {
        return Sql.exists(
                c,
                "SELECT 1 FROM approvals WHERE application_id = ? AND version_id = ? AND user_id = ?"
                        + " AND approval_type = ?",
                applicationId,
                versionId,
                userId,
                type);
    }

    /** Approvals of one version, or of every version of the application when {@code versionId} is null. */
    public List<Approval> approvals(Connection c, String applicationId, String versionId) throws SQLException {
        String order = " ORDER BY approved_at, user_id, approval_type";
        if (versionId == null) {
            return Sql.list(c, "SELECT * FROM approvals WHERE application_id = ?" + order, APPROVAL, applicationId);
        }
        return Sql.list(
                c,
                "SELECT * FROM approvals WHERE application_id = ? AND version_id = ?" + order,
                APPROVAL,
                applicationId,
                versionId);
    }

    /** The distinct approval types ever used for the application's versions. */
    public Set<String> approvalTypes(Connection c, String applicationId) throws SQLException {
        return new TreeSet<>(Sql.list(
                c,
                "SELECT DISTINCT approval_type FROM approvals WHERE application_id = ?",
                RowMapper.FIRST_STRING,
                applicationId));
    }

    static VersionRow version(ResultSet rs) throws SQLException {
        return VERSION.map(rs);
    }
}
