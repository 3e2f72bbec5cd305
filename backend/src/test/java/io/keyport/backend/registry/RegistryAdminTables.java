package io.keyport.backend.registry;

import io.keyport.backend.testing.AuthorizationTable;
import io.keyport.backend.testing.AuthorizationTable.Filled;
import io.keyport.backend.testing.BadInputTable;
import io.keyport.backend.testing.ErrorBodies;
import io.keyport.model.registry.Digest;
import java.nio.charset.StandardCharsets;

/**
 * The rows of Keyport's registry administration ({@code /v2/_keyport/...}, decision 0033) for the
 * shared test runners, in the OCI family: a team's settings are read by anyone authenticated,
 * its mutable-tag patterns changed by admins, its public flag by admins and whoever may push to
 * the team; takedowns are for admins. Every accepted change is audited.
 *
 * <p>Placeholder {@code {takedown-image}} (a query the route ignores) pushes {@link #TAKEDOWN_REPO} with the
 * table manifest as tag {@code 1.0} again before each cell, so the admin's takedown finds it.
 */
public final class RegistryAdminTables {

    static final String TAKEDOWN_REPO = "team-a/takedown-matrix";

    private static final String TAKEDOWN = "{\"repository\":\"" + TAKEDOWN_REPO + "\",\"digest\":\""
            + Digest.sha256(RegistryTables.MANIFEST.getBytes(StandardCharsets.UTF_8)) + "\",\"reason\":\"matrix\"}";

    private static final String PULL =
            "401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401";
    private static final String ADMIN =
            "401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401";
    private static final String TEAM_A =
            "401  | 200   | 403     | 200   | 200     | 403     | 200   | 403 | 403   | 403 | 200   | 200    | 401";

    public static final AuthorizationTable AUTHORIZATION = AuthorizationTable.of(
                    "registry-admin", ErrorBodies.OCI, """
            method | path                                          | body     || anon | admin | admin-w | alice | alice-u | alice-w | carol | bob | nadia | svc | svc-w | svc-wa | svc-moved
            GET    | /v2/_keyport/teams/team-a                     | -        || %1$s
            PUT    | /v2/_keyport/teams/team-a/mutable-tag-patterns | patterns || %2$s
            PUT    | /v2/_keyport/teams/team-a/public              | private  || %3$s
            POST   | /v2/_keyport/takedowns?{takedown-image}       | takedown || %2$s
            """.formatted(PULL, ADMIN, TEAM_A))
            .body("patterns", "{\"patterns\":[\"*-SNAPSHOT\"]}")
            .body("private", "{\"public\":false}")
            .body("takedown", TAKEDOWN)
            .placeholder("{takedown-image}", (ctx, identity) -> {
                RegistryTables.prepare(ctx.api(), ctx.cast().token("admin"), TAKEDOWN_REPO);
                return Filled.of("prepared");
            });

    private RegistryAdminTables() {}

    /** Bad requests to the administration routes; nothing changes, in the OCI family. */
    public static BadInputTable badInput() {
        String patterns = "/v2/_keyport/teams/team-a/mutable-tag-patterns";
        String visibility = "/v2/_keyport/teams/team-a/public";
        String takedowns = "/v2/_keyport/takedowns";
        String json = "application/json";
        String unknown =
                Digest.sha256("never pushed".getBytes(StandardCharsets.UTF_8)).toString();
        String manifest = Digest.sha256(RegistryTables.MANIFEST.getBytes(StandardCharsets.UTF_8))
                .toString();
        StringBuilder many = new StringBuilder("{\"patterns\":[\"p0-*\"");
        for (int i = 1; i < 33; i++) {
            many.append(",\"p").append(i).append("-*\"");
        }
        many.append("]}");
        return BadInputTable.of("registry-admin", ErrorBodies.OCI)
                .snapshot(
                        "/v2/_keyport/teams/team-a",
                        "/v2/_keyport/teams/team-b",
                        "/v2/" + RegistryTables.REPO_A + "/tags/list")
                .group("team settings")
                .add("invalid team name", "admin", "GET", "/v2/_keyport/teams/Team-A", null, 400)
                .add(
                        "unknown team",
                        "admin",
                        "PUT",
                        "/v2/_keyport/teams/team-zz/public",
                        "{\"public\":true}",
                        404,
                        "Content-Type",
                        json)
                .add("patterns not a list", "admin", "PUT", patterns, "{\"patterns\":\"*\"}", 400, "Content-Type", json)
                .add("patterns missing", "admin", "PUT", patterns, "{}", 400, "Content-Type", json)
                .add(
                        "pattern with a slash",
                        "admin",
                        "PUT",
                        patterns,
                        "{\"patterns\":[\"a/b\"]}",
                        400,
                        "Content-Type",
                        json)
                .add("empty pattern", "admin", "PUT", patterns, "{\"patterns\":[\"\"]}", 400, "Content-Type", json)
                .add("null pattern", "admin", "PUT", patterns, "{\"patterns\":[null]}", 400, "Content-Type", json)
                .add("33 patterns", "admin", "PUT", patterns, many.toString(), 400, "Content-Type", json)
                .add("unknown field", "admin", "PUT", patterns, "{\"patterns\":[],\"x\":1}", 400, "Content-Type", json)
                .add("not JSON", "admin", "PUT", patterns, "patterns=*", 400, "Content-Type", json)
                .add(
                        "public not a boolean",
                        "alice",
                        "PUT",
                        visibility,
                        "{\"public\":\"yes\"}",
                        400,
                        "Content-Type",
                        json)
                .add("public missing", "alice", "PUT", visibility, "{}", 400, "Content-Type", json)
                .group("takedowns")
                .add(
                        "no reason",
                        "admin",
                        "POST",
                        takedowns,
                        "{\"repository\":\"" + RegistryTables.REPO_A + "\",\"digest\":\"" + manifest + "\"}",
                        400,
                        "Content-Type",
                        json)
                .add(
                        "blank reason",
                        "admin",
                        "POST",
                        takedowns,
                        "{\"repository\":\"" + RegistryTables.REPO_A + "\",\"digest\":\"" + manifest
                                + "\",\"reason\":\"  \"}",
                        400,
                        "Content-Type",
                        json)
                .add(
                        "reason over 2000 characters",
                        "admin",
                        "POST",
                        takedowns,
                        "{\"repository\":\"" + RegistryTables.REPO_A + "\",\"digest\":\"" + manifest
                                + "\",\"reason\":\"" + "r".repeat(2001) + "\"}",
                        400,
                        "Content-Type",
                        json)
                .add(
                        "digest not a digest",
                        "admin",
                        "POST",
                        takedowns,
                        "{\"repository\":\"" + RegistryTables.REPO_A + "\",\"digest\":\"sha256:zz\",\"reason\":\"x\"}",
                        400,
                        "Content-Type",
                        json)
                .add(
                        "repository name invalid",
                        "admin",
                        "POST",
                        takedowns,
                        "{\"repository\":\"../etc\",\"digest\":\"" + manifest + "\",\"reason\":\"x\"}",
                        400,
                        "Content-Type",
                        json)
                .add(
                        "unknown manifest",
                        "admin",
                        "POST",
                        takedowns,
                        "{\"repository\":\"" + RegistryTables.REPO_A + "\",\"digest\":\"" + unknown
                                + "\",\"reason\":\"x\"}",
                        404,
                        "Content-Type",
                        json)
                .add("JSON array", "admin", "POST", takedowns, "[]", 400, "Content-Type", json);
    }
}
