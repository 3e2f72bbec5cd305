package io.keyport.backend.kio.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.model.kio.Approval;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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
    public record VersionRow(String applicationId, String id, String artifact, String notes, Instant created,
                             String createdBy, Instant lastModified, String lastModifiedBy, Instant approvedAt,
                             int requiredApprovers, String createdByPerson, String lastModifiedByPerson) {

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

    public Optional<VersionRow> find(Connection c, String applicationId, String id) throws SQLException {
        return findRow(c, applicationId, id, false);
    }

    public Optional<VersionRow> lock(Connection c, String applicationId, String id) throws SQLException {
        return findRow(c, applicationId, id, true);
    }

    private Optional<VersionRow> findRow(Connection c, String applicationId, String id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM versions WHERE application_id = ? AND id = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            ps.setString(1, applicationId);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(version(rs)) : Optional.empty();
            }
        }
    }

    public List<VersionRow> list(Connection c, String applicationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM versions WHERE application_id = ? ORDER BY created_order")) {
            ps.setString(1, applicationId);
            List<VersionRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(version(rs));
                }
            }
            return rows;
        }
    }

    public void insert(Connection c, VersionRow v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO versions (application_id, id, artifact, notes, created, "
                + "created_by, last_modified, last_modified_by, approved_at, required_approvers, created_by_person, "
                + "last_modified_by_person) VALUES (?,?,?,?,?,?,?,?,NULL,?,?,?)")) {
            ps.setString(1, v.applicationId());
            ps.setString(2, v.id());
            ps.setString(3, v.artifact());
            ps.setString(4, v.notes());
            Jdbc.setInstant(ps, 5, v.created());
            ps.setString(6, v.createdBy());
            Jdbc.setInstant(ps, 7, v.lastModified());
            ps.setString(8, v.lastModifiedBy());
            ps.setInt(9, v.requiredApprovers());
            ps.setString(10, v.createdByPerson());
            ps.setString(11, v.lastModifiedByPerson());
            ps.executeUpdate();
        }
    }

    /** Updates artifact, notes, modifier and requirement, and clears the approved state. */
    public void update(Connection c, VersionRow v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE versions SET artifact = ?, notes = ?, last_modified = ?, "
                + "last_modified_by = ?, approved_at = NULL, required_approvers = ?, last_modified_by_person = ? "
                + "WHERE application_id = ? AND id = ?")) {
            ps.setString(1, v.artifact());
            ps.setString(2, v.notes());
            Jdbc.setInstant(ps, 3, v.lastModified());
            ps.setString(4, v.lastModifiedBy());
            ps.setInt(5, v.requiredApprovers());
            ps.setString(6, v.lastModifiedByPerson());
            ps.setString(7, v.applicationId());
            ps.setString(8, v.id());
            ps.executeUpdate();
        }
    }

    public void markApproved(Connection c, String applicationId, String id, Instant approvedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE versions SET approved_at = ? WHERE application_id = ? AND id = ?")) {
            Jdbc.setInstant(ps, 1, approvedAt);
            ps.setString(2, applicationId);
            ps.setString(3, id);
            ps.executeUpdate();
        }
    }

    /**
     * Records that the {@code version.approved} task of a version was processed; the first time
     * counts, a repeated call changes nothing. Returns whether this call recorded it.
     */
    public boolean markApprovalDelivered(Connection c, String applicationId, String id, Instant deliveredAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE versions SET approval_delivered_at = ?"
                + " WHERE application_id = ? AND id = ? AND approval_delivered_at IS NULL")) {
            Jdbc.setInstant(ps, 1, deliveredAt);
            ps.setString(2, applicationId);
            ps.setString(3, id);
            return ps.executeUpdate() == 1;
        }
    }

    /** Sets the requirement of every pending version of an application (an admin changed its policy). */
    public void setPendingRequirement(Connection c, String applicationId, int requiredApprovers) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE versions SET required_approvers = ? WHERE application_id = ? AND approved_at IS NULL")) {
            ps.setInt(1, requiredApprovers);
            ps.setString(2, applicationId);
            ps.executeUpdate();
        }
    }

    public int deleteApprovals(Connection c, String applicationId, String versionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM approvals WHERE application_id = ? AND version_id = ?")) {
            ps.setString(1, applicationId);
            ps.setString(2, versionId);
            return ps.executeUpdate();
        }
    }

    public void insertApproval(Connection c, Approval a) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO approvals (application_id, version_id, user_id, "
                + "approval_type, approved_at, notes) VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, a.applicationId());
            ps.setString(2, a.versionId());
            ps.setString(3, a.userId());
            ps.setString(4, a.approvalType());
            Jdbc.setInstant(ps, 5, a.approvedAt());
            ps.setString(6, a.notes());
            ps.executeUpdate();
        }
    }

    public boolean approvalExists(Connection c, String applicationId, String versionId, String userId, String type)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM approvals WHERE application_id = ? AND version_id = ? "
                + "AND user_id = ? AND approval_type = ?")) {
            ps.setString(1, applicationId);
            ps.setString(2, versionId);
            ps.setString(3, userId);
            ps.setString(4, type);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Approvals of one version, or of every version of the application when {@code versionId} is null. */
    public List<Approval> approvals(Connection c, String applicationId, String versionId) throws SQLException {
        String sql = "SELECT * FROM approvals WHERE application_id = ?" + (versionId == null ? "" : " AND version_id = ?")
                + " ORDER BY approved_at, user_id, approval_type";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, applicationId);
            if (versionId != null) {
                ps.setString(2, versionId);
            }
            List<Approval> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new Approval(rs.getString("application_id"), rs.getString("version_id"),
                            rs.getString("approval_type"), rs.getString("user_id"), Jdbc.getInstant(rs, "approved_at"),
                            rs.getString("notes")));
                }
            }
            return list;
        }
    }

    /** The distinct approval types ever used for the application's versions. */
    public Set<String> approvalTypes(Connection c, String applicationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT approval_type FROM approvals WHERE application_id = ?")) {
            ps.setString(1, applicationId);
            Set<String> types = new TreeSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.add(rs.getString(1));
                }
            }
            return types;
        }
    }

    static VersionRow version(ResultSet rs) throws SQLException {
        return new VersionRow(rs.getString("application_id"), rs.getString("id"), rs.getString("artifact"),
                rs.getString("notes"), Jdbc.getInstant(rs, "created"), rs.getString("created_by"),
                Jdbc.getInstant(rs, "last_modified"), rs.getString("last_modified_by"), Jdbc.getInstant(rs, "approved_at"),
                rs.getInt("required_approvers"), rs.getString("created_by_person"), rs.getString("last_modified_by_person"));
    }
}
