package io.keyport.backend.registry;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.AuthorizationTable;
import io.keyport.backend.testing.AuthorizationTable.Filled;
import io.keyport.backend.testing.BadInputTable;
import io.keyport.backend.testing.ErrorBodies;
import java.util.Set;

/**
 * The Pier One REST API's rows for the shared test runners (decision 0032): every route reads, and
 * anyone authenticated whose token carries {@code uid} may (B.2); refusals are in the STUPS family.
 * The v1 ping is public ({@link #PUBLIC}).
 *
 * <p>Placeholders: {@code {team-a}} the team of {@link RegistryTables#REPO_A}, which then holds
 * tag {@code 1.0} ({@link RegistryTables#prepare}); {@code {scm-tag}} a fresh tag of that
 * repository pushed by the admin with an {@code X-SCM-Source}; {@code {image}} the image id of the
 * tables' manifest (its config digest).
 */
public final class PierOneTables {

    /** The Pier One routes anyone may call without credentials. */
    public static final Set<String> PUBLIC = Set.of("GET /v1/_ping");

    private static final String READ =
            "401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401";

    public static final AuthorizationTable AUTHORIZATION = AuthorizationTable.of(
                    "pierone", ErrorBodies.STUPS, """
            method | path                                                      | body || anon | admin | admin-w | alice | alice-u | alice-w | carol | bob | nadia | svc | svc-w | svc-wa | svc-moved
            GET    | /teams                                                    | -    || %1$s
            GET    | /teams/{team-a}/artifacts                                 | -    || %1$s
            GET    | /teams/{team-a}/artifacts/matrix/tags                     | -    || %1$s
            GET    | /teams/{team-a}/artifacts/matrix/tags/1.0                 | -    || %1$s
            GET    | /teams/{team-a}/artifacts/matrix/tags/{scm-tag}/scm-source | -    || %1$s
            GET    | /tags/{image}                                             | -    || %1$s
            GET    | /stats                                                    | -    || %1$s
            GET    | /stats/teams                                              | -    || %1$s
            GET    | /stats/teams/{team-a}                                     | -    || %1$s
            GET    | /v1/repositories/{team-a}/matrix/tags                     | -    || %1$s
            """.formatted(READ))
            .placeholder("{team-a}", (ctx, identity) -> Filled.of(team(ctx)))
            .placeholder("{image}", (ctx, identity) -> {
                team(ctx);
                return Filled.of(RegistryTables.CONFIG_DIGEST.toString());
            })
            .placeholder("{scm-tag}", (ctx, identity) -> Filled.of(scmTag(ctx)));

    private PierOneTables() {}

    private static String team(AuthorizationTable.Context ctx) {
        RegistryTables.prepare(ctx.api(), ctx.cast().token("admin"), RegistryTables.REPO_A);
        return RegistryTables.REPO_A.substring(0, RegistryTables.REPO_A.indexOf('/'));
    }

    private static String scmTag(AuthorizationTable.Context ctx) {
        team(ctx);
        String tag = ctx.fresh("scm");
        ApiClient.expect(
                ctx.api()
                        .send(
                                "PUT",
                                "/v2/" + RegistryTables.REPO_A + "/manifests/" + tag,
                                RegistryTables.MANIFEST,
                                "Authorization",
                                "Bearer " + ctx.cast().token("admin"),
                                "Content-Type",
                                "application/vnd.oci.image.manifest.v1+json",
                                "X-SCM-Source",
                                "{\"url\":\"https://scm.example/matrix\",\"revision\":\"1\",\"author\":\"a\",\"status\":\"\"}"),
                201);
        return tag;
    }

    /** Bad requests to the Pier One API, answered 400 in the STUPS family with nothing stored. */
    public static BadInputTable badInput() {
        return BadInputTable.of("pierone", ErrorBodies.STUPS)
                .snapshot("/teams", "/stats", "/stats/teams", "/teams/team-a/artifacts")
                .group("names")
                .add("team not a name", "alice", "GET", "/teams/Team-A/artifacts", null, 400)
                .add("team with a dot-dot", "alice", "GET", "/teams/../artifacts", null, 400)
                .add("artifact not a name", "alice", "GET", "/teams/team-a/artifacts/Bad!/tags", null, 400)
                .add(
                        "artifact of 300 characters",
                        "alice",
                        "GET",
                        "/teams/team-a/artifacts/" + "a".repeat(300) + "/tags",
                        null,
                        400)
                .add(
                        "encoded slash in the artifact",
                        "alice",
                        "GET",
                        "/teams/team-a/artifacts/group%2fapp/tags",
                        null,
                        400)
                .add("tag not a tag", "alice", "GET", "/teams/team-a/artifacts/matrix/tags/-bad", null, 400)
                .add(
                        "tag of 200 characters",
                        "alice",
                        "GET",
                        "/teams/team-a/artifacts/matrix/tags/" + "t".repeat(200) + "/scm-source",
                        null,
                        400)
                .add("team statistics of no team", "alice", "GET", "/stats/teams/TEAM", null, 400)
                .add("v1 tags of no artifact", "alice", "GET", "/v1/repositories/team-a/BAD/tags", null, 400)
                .group("image prefixes")
                .add("not hex", "alice", "GET", "/tags/xyz", null, 400)
                .add("unknown algorithm", "alice", "GET", "/tags/md5:abc", null, 400)
                .add("upper-case hex", "alice", "GET", "/tags/sha256:ABC", null, 400);
    }
}
