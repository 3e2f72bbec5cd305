package io.keyport.backend.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The completeness check of {@link AuthorizationMatrix} without a server: route matching and what it reports. */
class AuthorizationMatrixTest {

    private static final Set<String> ROUTES = Set.of(
            "GET /apps",
            "GET /apps/{id}",
            "PUT /apps/{id}",
            "GET /apps/{id}/versions",
            "GET /apps/{id}/approvals",
            "POST /api/tasks/{id}/retry",
            "GET /metrics");

    private static final AuthorizationTable TABLE = AuthorizationTable.of("test", ErrorBodies.STUPS, """
            method | path                  | body || anon | admin | alice | bob | svc | svc-w
            GET    | /apps?team_id=a       | -    || 401  | 200   | 200   | 200 | 200 | 200
            PUT    | /apps/{new}           | -    || 401  | 200   | 200   | 403 | 403 | 200
            GET    | /apps/app-a/approvals | -    || 401  | 200   | 200   | 200 | 200 | 200
            """);

    private static final AuthorizationTable PARTIAL = AuthorizationTable.of("partial", ErrorBodies.STUPS, """
            method | path                      | body || anon | admin
            POST   | /api/tasks/{x-task}/retry | -    || 401  | 200
            """);

    @Test
    void aRowHitsTheMostSpecificRouteOfItsMethodIgnoringTheQuery() {
        assertThat(AuthorizationMatrix.route(ROUTES, "GET", "/apps?team_id=a")).isEqualTo("GET /apps");
        assertThat(AuthorizationMatrix.route(ROUTES, "GET", "/apps/app-a/approvals"))
                .isEqualTo("GET /apps/{id}/approvals");
        assertThat(AuthorizationMatrix.route(ROUTES, "PUT", "/apps/{new}")).isEqualTo("PUT /apps/{id}");
        assertThat(AuthorizationMatrix.route(ROUTES, "DELETE", "/apps/app-a")).isNull();
        assertThat(AuthorizationMatrix.route(ROUTES, "GET", "/apps/{v-alice}/versions"))
                .isEqualTo("GET /apps/{id}/versions");
        assertThat(AuthorizationMatrix.route(ROUTES, "GET", "/apps/app-a/{v}"))
                .as("a placeholder is no literal")
                .isNull();
    }

    @Test
    void guardedRoutesWithoutRowsOrWithoutTheRequiredIdentitiesAreListed() {
        Set<String> guarded = Set.of(
                "GET /apps",
                "GET /apps/{id}",
                "PUT /apps/{id}",
                "GET /apps/{id}/versions",
                "GET /apps/{id}/approvals",
                "POST /api/tasks/{id}/retry");
        assertThat(AuthorizationMatrix.uncovered(guarded, List.of(TABLE, PARTIAL), ROUTES))
                .containsExactly(
                        "GET /apps/{id}: no matrix row",
                        "GET /apps/{id}/versions: no matrix row",
                        "POST /api/tasks/{id}/retry: no cell for alice, bob, svc, svc-w");
        assertThat(AuthorizationMatrix.uncovered(Set.of("GET /apps", "PUT /apps/{id}"), List.of(TABLE), ROUTES))
                .isEmpty();
    }

    @Test
    void rowsThatHitNoRouteAreStray() {
        AuthorizationTable typo = AuthorizationTable.of("typo", ErrorBodies.STUPS, """
                method | path        | body || anon
                GET    | /app        | -    || 401
                GET    | /apps       | -    || 401
                """);
        assertThat(AuthorizationMatrix.stray(List.of(typo), ROUTES)).containsExactly("typo: GET /app");
    }

    @Test
    void aTableExpandsToOneCellPerIdentityAndRefusesRaggedRows() {
        assertThat(TABLE.cells()).hasSize(18);
        assertThat(TABLE.cells().get(7).toString())
                .contains("admin")
                .contains("PUT")
                .contains("-> 200");
        AuthorizationTable ragged = AuthorizationTable.of("ragged", ErrorBodies.STUPS, """
                method | path  | body || anon | admin
                GET    | /apps | -    || 401
                """);
        org.assertj.core.api.Assertions.assertThatThrownBy(ragged::cells)
                .hasMessageContaining("one status per identity");
    }
}
