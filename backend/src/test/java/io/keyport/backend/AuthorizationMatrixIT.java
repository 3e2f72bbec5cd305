package io.keyport.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.appstore.AppStoreTables;
import io.keyport.backend.appstore.ReleasesTables;
import io.keyport.backend.archives.ArchivesTables;
import io.keyport.backend.audit.AuditTables;
import io.keyport.backend.identity.IdentityTables;
import io.keyport.backend.kio.KioTables;
import io.keyport.backend.operations.OperationsTables;
import io.keyport.backend.registry.PierOneTables;
import io.keyport.backend.registry.RegistryAdminTables;
import io.keyport.backend.registry.RegistryTables;
import io.keyport.backend.tasks.TasksTables;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.AuthorizationMatrix;
import io.keyport.backend.testing.AuthorizationTable;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import io.keyport.backend.tuf.TufTables;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may do what: every domain's {@link AuthorizationTable}, one test case per cell, against one
 * real server (H2 or PostgreSQL, one Failsafe run each) with the shared {@link Cast}; and a check
 * that the tables cover every guarded route of the route registry.
 *
 * <p>A new domain writes its table next to its tests (as {@link KioTables} does) and adds it to
 * {@link #TABLES}; a new route without a row fails {@link #everyGuardedRouteHasMatrixRows()}.
 */
@KeyportTest
class AuthorizationMatrixIT {

    static final List<AuthorizationTable> TABLES = List.of(
            KioTables.AUTHORIZATION,
            IdentityTables.AUTHORIZATION,
            AuditTables.AUTHORIZATION,
            TasksTables.AUTHORIZATION,
            OperationsTables.AUTHORIZATION,
            AppStoreTables.AUTHORIZATION,
            ReleasesTables.AUTHORIZATION,
            TufTables.AUTHORIZATION,
            RegistryTables.AUTHORIZATION,
            PierOneTables.AUTHORIZATION,
            RegistryAdminTables.AUTHORIZATION,
            ArchivesTables.AUTHORIZATION);

    /**
     * The routes anyone may call without credentials. Every other route must answer an anonymous
     * request with 401, and so needs matrix rows.
     */
    static final Set<String> PUBLIC = union(
            Set.of(
                    "POST /oauth2/token",
                    "GET /oauth2/tokeninfo",
                    "GET /.well-known/health",
                    "GET /openapi",
                    "GET /swagger.json",
                    "GET /metrics",
                    "GET /packages",
                    "GET /packages/{id}",
                    "GET /charts/index.yaml",
                    "GET /charts/{file}",
                    "GET /tuf/metadata/{file}",
                    "GET /tuf/targets/{+path}",
                    "GET /v2/token"),
            ArchivesTables.PUBLIC,
            PierOneTables.PUBLIC);

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }

    static AuthorizationTable.Context context;

    @BeforeAll
    static void start(TestServer server, ApiClient api, Cast cast) {
        context = new AuthorizationTable.Context(server, api, cast, new AtomicInteger());
    }

    static Stream<Arguments> cells() {
        return TABLES.stream().flatMap(t -> t.cells().stream()).map(c -> Arguments.of(Named.of(c.toString(), c)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void cell(AuthorizationTable.Cell cell) {
        AuthorizationMatrix.run(cell, context);
    }

    /**
     * Every route of the registry that answers an anonymous request with 401 (its path parameters
     * filled with a made-up value) is guarded and must have cells for the identities that matter;
     * the routes that do not are exactly {@link #PUBLIC}; and every row names a route that exists.
     */
    @Test
    void everyGuardedRouteHasMatrixRows() {
        Set<String> routes = context.server().server().routes().routes();
        TreeMap<String, Integer> anonymous = new TreeMap<>();
        for (String route : routes) {
            int space = route.indexOf(' ');
            String path = route.substring(space + 1).replaceAll("\\{[^/]+}", "probe1");
            anonymous.put(
                    route,
                    context.api()
                            .send(route.substring(0, space), path, null, "Content-Type", "application/json")
                            .status());
        }
        Set<String> guarded = new TreeSet<>();
        anonymous.forEach((route, status) -> {
            if (status == 401) {
                guarded.add(route);
            }
        });
        Set<String> open = new TreeSet<>(routes);
        open.removeAll(guarded);
        assertThat(open)
                .as("routes that answer an anonymous request without 401 (status by route: %s)", anonymous)
                .isEqualTo(new TreeSet<>(PUBLIC));
        assertThat(AuthorizationMatrix.uncovered(guarded, TABLES, routes))
                .as("guarded routes without complete matrix rows (%d guarded)", guarded.size())
                .isEmpty();
        assertThat(AuthorizationMatrix.stray(TABLES, routes))
                .as("matrix rows that hit no route")
                .isEmpty();
        System.out.printf(
                "AuthorizationMatrixIT: %d routes, %d guarded, all with matrix rows%n", routes.size(), guarded.size());
    }
}
