package io.keyport.backend.registry.service;

import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.identity.service.TeamDirectory;
import io.keyport.backend.registry.store.TeamSettingsStore;
import io.keyport.model.registry.RepositoryName;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A team's registry settings (issue 8 sections 2 and 3): which of its tags may move (admins
 * only; default {@code *-SNAPSHOT}) and whether anonymous callers may pull its namespace (admins
 * and whoever may push to the team). Every change is audited in its transaction. The settings are
 * read from the database at each use, so every replica applies a change at once.
 */
public final class TeamPolicies {

    private final Database db;
    private final TeamSettingsStore store;
    private final TeamDirectory teams;
    private final RegistryAccess access;
    private final AuditService audit;
    private final Clock clock;

    public TeamPolicies(
            Database db,
            TeamSettingsStore store,
            TeamDirectory teams,
            RegistryAccess access,
            AuditService audit,
            Clock clock) {
        this.db = db;
        this.store = store;
        this.teams = teams;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    /** A team's settings as the API shows them. */
    public record View(String team, List<String> mutableTagPatterns, boolean publicPull) {}

    /** The settings of {@code team} (the defaults for a team that never changed them). */
    public View get(RegistryCaller caller, String team) {
        access.requireAuthenticated(caller, null);
        checkName(team);
        return db.read(c -> view(team, store.find(c, team)));
    }

    /** Replaces the mutable-tag patterns of {@code team}; admins only. */
    public View setMutableTagPatterns(RegistryCaller caller, String team, List<String> patterns) {
        access.requireAdmin(caller);
        checkName(team);
        TagRules rules = TagRules.parse(patterns);
        return change(
                caller,
                team,
                Change.PATTERNS,
                current ->
                        new TeamSettingsStore.Settings(team, rules.patterns(), current.publicPull(), clock.instant()));
    }

    /** Makes the namespace of {@code team} public for anonymous pulls, or private; who may push to it. */
    public View setPublic(RegistryCaller caller, String team, boolean publicPull) {
        checkName(team);
        access.requireTeamSettings(caller, team);
        return change(
                caller,
                team,
                Change.VISIBILITY,
                current -> new TeamSettingsStore.Settings(
                        team, current.mutableTagPatterns(), publicPull, clock.instant()));
    }

    /** The tag rules of the team of {@code repository}, inside the caller's transaction. */
    public TagRules rules(Connection c, RepositoryName repository) throws SQLException {
        return store.find(c, repository.team())
                .map(s -> TagRules.stored(s.mutableTagPatterns()))
                .orElseGet(TagRules::defaults);
    }

    private enum Change {
        PATTERNS,
        VISIBILITY
    }

    /** Applies {@code update} to the team's settings and audits it (also a request that changes nothing). */
    private View change(
            RegistryCaller caller,
            String team,
            Change kind,
            java.util.function.Function<TeamSettingsStore.Settings, TeamSettingsStore.Settings> update) {
        return db.inTransactionRetryingConflicts(3, c -> {
            if (!teams.lockTeam(c, team)) {
                throw OciError.NAME_UNKNOWN.with("team not known", Map.of("team", team));
            }
            View before = view(team, store.find(c, team));
            TeamSettingsStore.Settings next = update.apply(new TeamSettingsStore.Settings(
                    team, before.mutableTagPatterns(), before.publicPull(), clock.instant()));
            View after = view(team, Optional.of(next));
            store.save(c, next, caller.uid());
            Map<String, Object> details = new LinkedHashMap<>();
            RegistryAudit entry;
            if (kind == Change.PATTERNS) {
                details.put("previous_patterns", before.mutableTagPatterns());
                details.put("patterns", after.mutableTagPatterns());
                entry = RegistryAudit.tagRulesChanged(team);
            } else {
                details.put("previous_public", before.publicPull());
                details.put("public", after.publicPull());
                entry = RegistryAudit.visibilityChanged(team);
            }
            entry.append(audit, c, caller.principal().actor(), details);
            return after;
        });
    }

    private static View view(String team, Optional<TeamSettingsStore.Settings> stored) {
        return stored.map(s -> new View(team, s.mutableTagPatterns(), s.publicPull()))
                .orElseGet(() -> new View(team, TagRules.DEFAULT_PATTERNS, false));
    }

    private static void checkName(String team) {
        if (team == null || !RepositoryName.isValid(team + "/x") || team.contains("/")) {
            throw OciError.NAME_INVALID.with(
                    "a team is the first component of a repository name",
                    Map.of("team", team == null ? "" : (team.length() > 200 ? team.substring(0, 200) + "..." : team)));
        }
    }
}
