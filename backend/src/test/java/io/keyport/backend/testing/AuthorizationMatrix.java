package io.keyport.backend.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.ApiClient.Response;
import io.keyport.backend.testing.AuthorizationTable.Cell;
import io.keyport.backend.testing.AuthorizationTable.Context;
import io.keyport.backend.testing.AuthorizationTable.Filled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Runs the cells of the domains' {@link AuthorizationTable}s against a real server, and checks that
 * the tables cover the server's route registry.
 *
 * <p>Besides the status, each cell checks the audit log: a refused request (4xx) and a read leave
 * it unchanged, an accepted write appends to it. A refusal answers in the table's error family, and
 * a 401 carries a challenge.
 */
public final class AuthorizationMatrix {

    /**
     * Identities every guarded route must have a cell for: anonymous, admin, a member of the
     * owning team, a person of another team, and services without and with a write scope.
     */
    public static final List<String> REQUIRED_IDENTITIES = List.of("anon", "admin", "alice", "bob", "svc", "svc-w");

    private AuthorizationMatrix() {}

    /** Sends the cell's request as its identity and checks status, error body and audit log. */
    public static void run(Cell cell, Context ctx) {
        Cast.Member caller = ctx.cast().member(cell.identity());
        List<Filled> filled = new ArrayList<>();
        String path = fill(cell, ctx, caller, filled);
        String body = cell.table().body(cell.body(), caller);
        long auditBefore = auditEntries(ctx);

        Response r = caller.token() == null
                ? ctx.api().send(cell.method(), path, body, "Content-Type", "application/json")
                : ctx.api()
                        .send(
                                cell.method(),
                                path,
                                body,
                                "Content-Type",
                                "application/json",
                                "Authorization",
                                "Bearer " + caller.token());

        assertThat(r.status())
                .as("%s %s as %s: %s", cell.method(), path, cell.identity(), r.body())
                .isEqualTo(cell.expected());
        long auditAfter = auditEntries(ctx);
        if (r.status() >= 400) {
            cell.table().errors().check(r);
            if (r.status() == 401) {
                assertThat(r.header("WWW-Authenticate"))
                        .as("challenge of %s", r)
                        .isPresent();
            }
            assertThat(auditAfter)
                    .as("a refused request must not be audited or change anything")
                    .isEqualTo(auditBefore);
        } else if (cell.method().equals("GET")) {
            assertThat(auditAfter).as("a read changes nothing").isEqualTo(auditBefore);
        } else if (cell.table().isUnaudited(cell.method(), path)) {
            assertThat(auditAfter)
                    .as("a step the table says is audited later (an upload before its push)")
                    .isEqualTo(auditBefore);
        } else {
            assertThat(auditAfter).as("an accepted write is audited").isGreaterThan(auditBefore);
        }
        filled.forEach(f -> f.afterwards().accept(ctx));
    }

    /** The cell's path with its placeholders filled in; what they filled is added to {@code filled}. */
    private static String fill(Cell cell, Context ctx, Cast.Member caller, List<Filled> filled) {
        String path = cell.path().replace("{self}", caller.uid());
        while (path.contains("{new}")) {
            path = path.replaceFirst("\\{new}", ctx.fresh("n"));
        }
        for (Map.Entry<String, AuthorizationTable.Placeholder> p :
                cell.table().placeholders().entrySet()) {
            if (path.contains(p.getKey())) {
                Filled f = p.getValue().fill(ctx, cell.identity());
                filled.add(f);
                path = path.replace(p.getKey(), f.value());
            }
        }
        if (path.matches(".*\\{[a-z0-9-]+}.*")) {
            throw new IllegalStateException(cell.table().domain() + " table: unknown placeholder in " + cell.path());
        }
        return path;
    }

    private static long auditEntries(Context ctx) {
        JsonNode verify = ApiClient.expect(
                        ctx.api().get("/api/audit/verify", ctx.cast().token("admin")), 200)
                .json();
        assertThat(verify.get("intact").asBoolean())
                .as("audit chain intact: %s", verify)
                .isTrue();
        return verify.get("entries").asLong();
    }

    // ---- completeness

    /**
     * The route pattern ({@code "METHOD /path/{param}"}) of {@code routes} that a cell's request
     * hits, or null: the query is ignored, a placeholder matches any segment, and among matching
     * patterns the one with the most literal segments wins.
     */
    public static String route(Set<String> routes, String method, String path) {
        String[] segments = path.split("\\?", 2)[0].split("/", -1);
        String best = null;
        int bestLiterals = -1;
        for (String route : routes) {
            int space = route.indexOf(' ');
            if (!route.substring(0, space).equals(method)) {
                continue;
            }
            String[] pattern = route.substring(space + 1).split("/", -1);
            int literals = literalsMatched(pattern, segments);
            if (literals > bestLiterals) {
                best = route;
                bestLiterals = literals;
            }
        }
        return best;
    }

    /**
     * How many literal segments of {@code pattern} a path's segments match, or -1 when they do not
     * match: {@code {x}} takes one non-empty segment, {@code {+x}} (a registry repository name) one
     * or more.
     */
    private static int literalsMatched(String[] pattern, String[] segments) {
        return literalsMatched(pattern, 0, segments, 0);
    }

    private static int literalsMatched(String[] pattern, int p, String[] segments, int s) {
        if (p == pattern.length) {
            return s == segments.length ? 0 : -1;
        }
        if (s == segments.length) {
            return -1;
        }
        boolean parameter = pattern[p].startsWith("{") && pattern[p].endsWith("}");
        if (parameter && pattern[p].startsWith("{+")) {
            int best = -1;
            for (int end = s + 1; end <= segments.length && !segments[end - 1].isEmpty(); end++) {
                best = Math.max(best, literalsMatched(pattern, p + 1, segments, end));
            }
            return best;
        }
        boolean placeholder = segments[s].contains("{");
        int here;
        if (parameter) {
            if (segments[s].isEmpty()) {
                return -1;
            }
            here = 0;
        } else if (placeholder || !pattern[p].equals(segments[s])) {
            return -1;
        } else {
            here = 1;
        }
        int rest = literalsMatched(pattern, p + 1, segments, s + 1);
        return rest < 0 ? -1 : here + rest;
    }

    /**
     * The guarded routes the tables do not cover, each with what is missing: no cell at all, or no
     * cell for some of {@link #REQUIRED_IDENTITIES}. Empty when every guarded route is covered.
     */
    public static List<String> uncovered(Set<String> guarded, List<AuthorizationTable> tables, Set<String> routes) {
        Map<String, Set<String>> identitiesByRoute = new TreeMap<>();
        for (AuthorizationTable table : tables) {
            for (Cell cell : table.cells()) {
                String route = route(routes, cell.method(), cell.path());
                if (route != null) {
                    identitiesByRoute
                            .computeIfAbsent(route, k -> new TreeSet<>())
                            .add(cell.identity());
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (String route : new TreeSet<>(guarded)) {
            Set<String> covered = identitiesByRoute.getOrDefault(route, Set.of());
            if (covered.isEmpty()) {
                missing.add(route + ": no matrix row");
                continue;
            }
            List<String> lacking = REQUIRED_IDENTITIES.stream()
                    .filter(i -> !covered.contains(i))
                    .toList();
            if (!lacking.isEmpty()) {
                missing.add(route + ": no cell for " + String.join(", ", lacking));
            }
        }
        return missing;
    }

    /** The cells whose request hits no route of the registry (a typo, or a route that is gone). */
    public static List<String> stray(List<AuthorizationTable> tables, Set<String> routes) {
        return tables.stream()
                .flatMap(t -> t.cells().stream())
                .filter(c -> route(routes, c.method(), c.path()) == null)
                .map(c -> c.table().domain() + ": " + c.method() + " " + c.path())
                .distinct()
                .collect(Collectors.toList());
    }
}
