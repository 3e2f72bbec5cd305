package io.keyport.desktop.identity;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.service.Transport;
import io.keyport.model.identity.ServiceScopes;
import io.keyport.model.identity.Team;
import io.keyport.model.identity.TeamRequest;
import io.keyport.model.identity.User;
import io.keyport.model.identity.UserRequest;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Teams, users and service scopes ({@code /api/teams}, {@code /api/users}, {@code /apps/{id}/scopes};
 * docs/identity.md) for the signed-in admin. Every call blocks and throws {@link BackendException}
 * with the server's message; run it through a {@code TaskExecutor}. It holds no state and caches
 * nothing.
 */
public final class IdentityClient {

    private static final TypeReference<List<Team>> TEAMS = new TypeReference<>() {};
    private static final TypeReference<Team> TEAM = new TypeReference<>() {};
    private static final TypeReference<List<User>> USERS = new TypeReference<>() {};
    private static final TypeReference<User> USER = new TypeReference<>() {};
    private static final TypeReference<ServiceScopes> SCOPES = new TypeReference<>() {};

    private final Transport transport;

    public IdentityClient(Transport transport) {
        this.transport = Objects.requireNonNull(transport);
    }

    /** Every team, without members. */
    public List<Team> teams() {
        return transport.get("/api/teams", Map.of(), TEAMS);
    }

    /** One team with its {@code members}. */
    public Team team(String id) {
        return transport.get("/api/teams/" + id, Map.of(), TEAM);
    }

    /** Creates the team or renames it. */
    public Team putTeam(String id, String name) {
        return transport.put("/api/teams/" + id, new TeamRequest(name), TEAM);
    }

    /** Deletes the team; the server refuses (409) while it owns applications. */
    public void deleteTeam(String id) {
        transport.delete("/api/teams/" + id);
    }

    /** Every user. */
    public List<User> users() {
        return transport.get("/api/users", Map.of(), USERS);
    }

    public User user(String uid) {
        return transport.get("/api/users/" + uid, Map.of(), USER);
    }

    /**
     * Creates or updates a user: a null password keeps the old one (required for a new user), null
     * {@code teams} or {@code admin} keep the stored values, {@code teams} replaces the memberships.
     */
    public User putUser(String uid, String password, List<String> teams, Boolean admin) {
        return transport.put("/api/users/" + uid, new UserRequest(password, teams, admin), USER);
    }

    /** Deletes the user; their tokens stop working at once. The last admin cannot be deleted (409). */
    public void deleteUser(String uid) {
        transport.delete("/api/users/" + uid);
    }

    /** The scopes granted to an application's service identity. */
    public List<String> scopes(String applicationId) {
        return transport
                .get("/apps/" + applicationId + "/scopes", Map.of(), SCOPES)
                .scopes();
    }

    /** Replaces the scopes granted to an application's service identity; answers what is now granted. */
    public List<String> putScopes(String applicationId, List<String> scopes) {
        return transport
                .put("/apps/" + applicationId + "/scopes", new ServiceScopes(scopes), SCOPES)
                .scopes();
    }
}
