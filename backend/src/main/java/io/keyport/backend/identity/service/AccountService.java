package io.keyport.backend.identity.service;

import io.keyport.backend.audit.service.Actor;
import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.db.DatabaseException;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.identity.store.TeamStore;
import io.keyport.backend.identity.store.UserStore;
import io.keyport.model.common.Timestamps;
import io.keyport.model.identity.Team;
import io.keyport.model.identity.TeamRequest;
import io.keyport.model.identity.User;
import io.keyport.model.identity.UserRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * People and teams: the admin API behind {@code /api/teams} and {@code /api/users}. Only admins
 * change teams and users; a person may change their own password and nothing else about
 * themselves. The last admin cannot be deleted or demoted. Every change is audited.
 */
public final class AccountService implements TeamDirectory {

    private final Database db;
    private final UserStore users;
    private final TeamStore teams;
    private final AuditService audit;
    private final PasswordHasher hasher;
    private final Runnable identityChanged;
    private final ServiceDirectory directory;
    private final java.time.Clock clock;

    /**
     * @param identityChanged called after a committed change that alters principals (clears the {@link PrincipalCache})
     * @param directory       the applications, so that a team owning one is not deleted
     */
    public AccountService(
            Database db,
            UserStore users,
            TeamStore teams,
            AuditService audit,
            PasswordHasher hasher,
            Runnable identityChanged,
            ServiceDirectory directory,
            java.time.Clock clock) {
        this.clock = clock;
        this.db = db;
        this.users = users;
        this.teams = teams;
        this.audit = audit;
        this.hasher = hasher;
        this.identityChanged = identityChanged;
        this.directory = directory;
    }

    // ---- teams

    public List<Team> teams() {
        return db.read(teams::list);
    }

    public Team team(String id) {
        Validation.teamId(id);
        return db.read(c -> teams.find(c, id, true))
                .orElseThrow(() -> ApiException.notFound("Team " + id + " not found"));
    }

    /**
     * Inside the caller's transaction: whether the team exists, locking it against deletion until
     * that transaction ends (an application is about to refer to it).
     */
    @Override
    public boolean lockTeam(java.sql.Connection c, String id) throws java.sql.SQLException {
        return teams.lock(c, id);
    }

    /** Creates or renames a team; returns it and whether it is new. */
    public Map.Entry<Team, Boolean> putTeam(Principal caller, String id, TeamRequest body) {
        requireAdmin(caller);
        Validation.teamId(id);
        String name =
                body.name() == null || body.name().isBlank() ? id : body.name().trim();
        if (name.length() > 255) {
            throw ApiException.badRequest("The team name must have at most 255 characters", Map.of("field", "name"));
        }
        Instant now = Timestamps.now(clock);
        boolean created = db.inTransaction(c -> {
            boolean isNew = teams.upsert(c, id, name, caller.uid(), now);
            IdentityAudit.teamPut(id, isNew).append(audit, c, caller.actor(), Map.of("name", name));
            return isNew;
        });
        identityChanged.run();
        return Map.entry(team(id), created);
    }

    public void deleteTeam(Principal caller, String id) {
        requireAdmin(caller);
        Validation.teamId(id);
        if (directory.teamOwnsApplications(id)) {
            throw ApiException.conflict("Team " + id + " owns applications; move them to another team first");
        }
        try {
            db.inTransaction(c -> {
                if (!teams.delete(c, id)) {
                    throw ApiException.notFound("Team " + id + " not found");
                }
                IdentityAudit.teamDeleted(id).append(audit, c, caller.actor(), Map.of());
                return null;
            });
        } catch (DatabaseException e) {
            if (e.kind() == DatabaseException.Kind.FOREIGN_KEY_VIOLATION) {
                throw ApiException.conflict("Team " + id + " owns applications; move them to another team first");
            }
            throw e;
        }
        identityChanged.run();
    }

    // ---- users

    public List<User> users(Principal caller) {
        requireAdmin(caller);
        return db.read(users::list).stream().map(AccountService::view).toList();
    }

    public User user(Principal caller, String uid) {
        Validation.uid(uid);
        requireUid(caller);
        if (!caller.admin() && !(caller.isEmployee() && caller.uid().equals(uid))) {
            throw ApiException.forbidden("only admins may read other users");
        }
        return db.read(c -> users.find(c, uid))
                .map(AccountService::view)
                .orElseThrow(() -> ApiException.notFound("User " + uid + " not found"));
    }

    /** Creates or updates a user; returns it and whether it is new. */
    public Map.Entry<User, Boolean> putUser(Principal caller, String uid, UserRequest body) {
        Validation.uid(uid);
        requireUid(caller);
        // An identity vouched for by the external provider is not the local account of the same uid.
        boolean self = caller.isEmployee() && !caller.external() && caller.uid().equals(uid);
        if (!caller.admin() && !self) {
            throw ApiException.forbidden(
                    caller.external() && caller.uid().equals(uid)
                            ? "the local account's password is changed with its own credentials, not an external login"
                            : "only admins may change other users");
        }
        if (body.password() != null) {
            Validation.password(body.password());
        }
        Set<String> wantedTeams = body.teams() == null ? null : new TreeSet<>(body.teams());
        if (wantedTeams != null) {
            for (String team : wantedTeams) {
                Validation.teamId(team);
            }
        }
        // Hash outside the transaction: Argon2 is deliberately slow.
        String newHash = body.password() == null ? null : hasher.hash(body.password());
        Instant now = Timestamps.now(clock);
        boolean created = db.inTransaction(c -> {
            if (Boolean.FALSE.equals(body.admin())) {
                users.lockAdmins(c);
            }
            var existing = users.lock(c, uid);
            if (!caller.admin()) {
                // Self-service: the password only.
                var current = existing.orElseThrow(() -> ApiException.forbidden("only admins may create users"));
                if ((wantedTeams != null && !wantedTeams.equals(current.teams()))
                        || (body.admin() != null && body.admin() != current.admin())) {
                    throw ApiException.forbidden("only admins may change teams or the admin flag");
                }
            }
            if (wantedTeams != null) {
                Set<String> missing = teams.missing(c, wantedTeams);
                if (!missing.isEmpty()) {
                    throw ApiException.badRequest(
                            "Team " + String.join(", ", missing) + " does not exist.",
                            Map.of("field", "teams", "missing", missing));
                }
            }
            Map<String, Object> details = new LinkedHashMap<>();
            if (existing.isEmpty()) {
                if (newHash == null) {
                    throw ApiException.badRequest("A password is required for a new user", Map.of("field", "password"));
                }
                boolean admin = Boolean.TRUE.equals(body.admin());
                users.insert(c, uid, newHash, admin, now);
                Set<String> teamSet = wantedTeams == null ? Set.of() : wantedTeams;
                users.setTeams(c, uid, teamSet);
                details.put("admin", admin);
                details.put("teams", List.copyOf(teamSet));
                IdentityAudit.userCreated(uid).append(audit, c, caller.actor(), details);
                return true;
            }
            var current = existing.get();
            boolean admin = body.admin() == null ? current.admin() : body.admin();
            if (current.admin() && !admin && users.countAdmins(c) <= 1) {
                throw ApiException.conflict("User " + uid + " is the last admin");
            }
            users.update(c, uid, newHash == null ? current.passwordHash() : newHash, admin, now);
            if (wantedTeams != null && !wantedTeams.equals(current.teams())) {
                users.setTeams(c, uid, wantedTeams);
                details.put("teams", List.copyOf(wantedTeams));
            }
            if (admin != current.admin()) {
                details.put("admin", admin);
            }
            details.put("password_changed", newHash != null);
            IdentityAudit.userUpdated(uid).append(audit, c, caller.actor(), details);
            return false;
        });
        identityChanged.run();
        return Map.entry(
                db.read(c -> users.find(c, uid)).map(AccountService::view).orElseThrow(), created);
    }

    public void deleteUser(Principal caller, String uid) {
        requireAdmin(caller);
        Validation.uid(uid);
        db.inTransaction(c -> {
            users.lockAdmins(c);
            var existing = users.lock(c, uid).orElseThrow(() -> ApiException.notFound("User " + uid + " not found"));
            if (existing.admin() && users.countAdmins(c) <= 1) {
                throw ApiException.conflict("User " + uid + " is the last admin");
            }
            users.delete(c, uid);
            IdentityAudit.userDeleted(uid).append(audit, c, caller.actor(), Map.of());
            return null;
        });
        identityChanged.run();
    }

    /**
     * On first start, creates {@code admin} with the configured password or a generated one.
     * Returns the generated password, if one was generated, so the caller can write it out.
     */
    public java.util.Optional<String> bootstrapAdmin(java.util.Optional<String> configured) {
        if (db.read(users::any)) {
            return java.util.Optional.empty();
        }
        String password = configured.orElseGet(AccountService::generatePassword);
        String hash = hasher.hash(password);
        boolean created = db.inTransaction(c -> {
            if (users.any(c)) {
                return false;
            }
            users.insert(c, "admin", hash, true, Timestamps.now(clock));
            IdentityAudit.userCreated("admin")
                    .append(audit, c, Actor.SYSTEM, Map.of("admin", true, "teams", List.of()));
            return true;
        });
        return created && configured.isEmpty() ? java.util.Optional.of(password) : java.util.Optional.empty();
    }

    static String generatePassword() {
        byte[] bytes = new byte[18];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** An admin acting with a token that carries {@code uid}: a token narrowed to other scopes is no admin token. */
    static void requireAdmin(Principal caller) {
        requireUid(caller);
        if (!caller.admin()) {
            throw ApiException.forbidden("admin only");
        }
    }

    private static void requireUid(Principal caller) {
        if (!caller.hasScope(Scopes.UID)) {
            throw ApiException.forbidden("the token lacks scope uid");
        }
    }

    private static User view(UserStore.UserRow row) {
        return new User(row.uid(), row.admin(), List.copyOf(row.teams()), row.created(), row.lastModified());
    }

    /** The stored user for authentication; empty when unknown. */
    java.util.Optional<UserStore.UserRow> find(String uid) {
        return db.read(c -> users.find(c, uid));
    }

    /**
     * The user whose uid and password these are; empty otherwise. Every call runs exactly one
     * Argon2id verification with the configured parameters: for an unknown uid, a malformed uid or a
     * user without a usable hash it verifies against a dummy hash, so the answer time does not tell
     * which users exist.
     */
    java.util.Optional<UserStore.UserRow> authenticate(String uid, String password) {
        java.util.Optional<UserStore.UserRow> user =
                Validation.UID.matcher(uid).matches() ? find(uid) : java.util.Optional.empty();
        java.util.Optional<String> usable =
                user.map(UserStore.UserRow::passwordHash).filter(hasher::wellFormed);
        boolean match = hasher.verify(password, usable.orElseGet(hasher::dummyHash));
        return match && usable.isPresent() ? user : java.util.Optional.empty();
    }
}
