package io.keyport.backend.db;

import java.sql.SQLException;

/**
 * A failed database operation, classified so that services can answer conflicts and missing
 * references as client errors instead of 500s. SQLSTATE classes are the same on H2 and PostgreSQL.
 */
public class DatabaseException extends RuntimeException {

    /** What went wrong, as far as the caller can act on it. */
    public enum Kind {
        UNIQUE_VIOLATION,
        FOREIGN_KEY_VIOLATION,
        CHECK_VIOLATION,
        SERIALIZATION,
        OTHER
    }

    private final Kind kind;

    public DatabaseException(Kind kind, SQLException cause) {
        super(cause.getMessage(), cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static DatabaseException of(SQLException e) {
        String state = e.getSQLState();
        Kind kind;
        if (state == null) {
            kind = Kind.OTHER;
        } else if (state.equals("23505")) {
            kind = Kind.UNIQUE_VIOLATION;
        } else if (state.equals("23503") || state.equals("23506")) {
            kind = Kind.FOREIGN_KEY_VIOLATION;
        } else if (state.equals("23513") || state.equals("23514")) {
            kind = Kind.CHECK_VIOLATION;
        } else if (state.equals("40001") || state.equals("40P01") || state.equals("HYT00")) {
            kind = Kind.SERIALIZATION;
        } else {
            kind = Kind.OTHER;
        }
        return new DatabaseException(kind, e);
    }
}
