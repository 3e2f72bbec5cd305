package io.keyport.backend.identity.service;

import java.sql.Connection;
import java.sql.SQLException;

/** What identity offers the other domains about teams, inside their transactions. */
public interface TeamDirectory {

    /**
     * Inside the caller's transaction: whether the team exists, locking it against deletion until
     * that transaction ends (a row of another domain is about to refer to it).
     */
    boolean lockTeam(Connection c, String teamId) throws SQLException;
}
