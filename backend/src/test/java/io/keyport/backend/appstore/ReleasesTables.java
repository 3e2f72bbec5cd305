package io.keyport.backend.appstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.AuthorizationTable;
import io.keyport.backend.testing.AuthorizationTable.Context;
import io.keyport.backend.testing.AuthorizationTable.Filled;
import io.keyport.backend.testing.BadInputTable;
import io.keyport.backend.testing.ErrorBodies;
import io.keyport.backend.testing.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The rows of App Store releases for the shared test runners. Reading a release is for its owner,
 * the members of its adminGroups and admins (services of team-a count as team-a); changing it also
 * needs a person or a service with {@code appstore.write} (no service of the cast has it). The
 * matrix's target points at a closed port, so installs fail quickly and visibly: the rules are what
 * is checked here, Helm itself in {@link ReleasesIT}. Cells that start a task wait until it has
 * finished, so that its outcome's audit entry cannot land in a later cell's count.
 *
 * <p>Placeholders: {@code {release}} a release of alice's with adminGroups team-a, settled;
 * {@code {rsetup}} (in a query) makes sure the chart {@code matrix-web} and the target
 * {@code matrix-releases} exist; {@code {rchart}} a fresh chart of team-a; {@code {gated}} a fresh
 * chart of team-a with an approval gate.
 */
public final class ReleasesTables {

    static final String CHART = "matrix-web";
    static final String TARGET = "matrix-releases";

    public static final AuthorizationTable AUTHORIZATION = AuthorizationTable.of(
                    "appstore-releases", ErrorBodies.APPSTORE, """
            method | path                             | body     || anon | admin | admin-w | alice | alice-u | alice-w | carol | bob | nadia | svc | svc-w | svc-wa | svc-moved
            POST   | /releases?s={rsetup}             | install  || 401  | 201   | 403     | 201   | 201     | 403     | 201   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /releases                        | -        || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            GET    | /releases/{release}              | -        || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 403 | 403   | 200 | 200   | 200    | 401
            GET    | /releases/{release}/status       | -        || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 403 | 403   | 200 | 200   | 200    | 401
            GET    | /releases/{release}/history      | -        || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 403 | 403   | 200 | 200   | 200    | 401
            POST   | /releases/{release}/dry-run      | empty    || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 403 | 403   | 200 | 200   | 200    | 401
            PATCH  | /releases/{release}              | values   || 401  | 202   | 403     | 202   | 202     | 403     | 202   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /releases/{release}/rollback     | rollback || 401  | 404   | 403     | 404   | 404     | 403     | 404   | 403 | 403   | 403 | 403   | 403    | 401
            DELETE | /releases/{release}              | -        || 401  | 202   | 403     | 202   | 202     | 403     | 202   | 403 | 403   | 403 | 403   | 403    | 401
            PUT    | /packages/{rchart}/gate          | gate     || 401  | 201   | 403     | 201   | 201     | 403     | 201   | 403 | 403   | 403 | 403   | 403    | 401
            DELETE | /packages/{gated}/gate           | -        || 401  | 204   | 403     | 204   | 204     | 403     | 204   | 403 | 403   | 403 | 403   | 403    | 401
            """)
            .unaudited("POST", "/releases/[^/]+/dry-run") // a read: renders, changes nothing
            .body("install", "{\"package\":\"" + CHART + "\",\"namespace\":\"" + TARGET + "\"}")
            .body("empty", "{}")
            .body("values", "{\"values\":{\"replicaCount\":2}}")
            .body("rollback", "{\"revision\":1}")
            .body("gate", "{\"application\":\"app-a\"}")
            .placeholder("{rsetup}", (ctx, identity) -> {
                setup(ctx);
                return new Filled("1", ReleasesTables::settleAll);
            })
            .placeholder("{release}", (ctx, identity) -> {
                setup(ctx);
                JsonNode created = ApiClient.expect(
                                ctx.api()
                                        .postJson(
                                                "/releases",
                                                ctx.cast().token("alice"),
                                                "{\"package\":\"" + CHART + "\",\"namespace\":\"" + TARGET
                                                        + "\",\"adminGroups\":[\"team-a\"]}"),
                                201)
                        .json();
                String id = created.get("id").asText();
                settle(ctx, id);
                return new Filled(id, ReleasesTables::settleAll);
            })
            .placeholder("{rchart}", (ctx, identity) -> {
                String name = ctx.fresh("matrix-gate-");
                AppStoreTables.upload(
                        ctx.server().baseUrl(), ctx.cast().token("admin"), TestCharts.chart(name, "1.0.0"), "team-a");
                return Filled.of(name);
            })
            .placeholder("{gated}", (ctx, identity) -> {
                String name = ctx.fresh("matrix-gated-");
                AppStoreTables.upload(
                        ctx.server().baseUrl(), ctx.cast().token("admin"), TestCharts.chart(name, "1.0.0"), "team-a");
                ApiClient.expect(
                        ctx.api()
                                .putJson(
                                        "/packages/" + name + "/gate",
                                        ctx.cast().token("admin"),
                                        "{\"application\":\"app-a\"}"),
                        201);
                return Filled.of(name);
            });

    private ReleasesTables() {}

    /** The matrix's chart and target, created once per server. */
    private static void setup(Context ctx) {
        String admin = ctx.cast().token("admin");
        if (ctx.api().get("/packages/" + CHART, null).status() == 404) {
            AppStoreTables.upload(ctx.server().baseUrl(), admin, TestCharts.chart(CHART, "1.0.0"), "team-a");
        }
        ApiClient.expect(
                ctx.api()
                        .putJson(
                                "/namespaces/" + TARGET,
                                admin,
                                "{\"cluster\":\"closed\",\"kubeconfig\":\"file:" + closedClusterKubeconfig(ctx)
                                        + "\",\"namespace\":\"matrix\",\"teams\":[\"team-a\"]}"),
                200,
                201);
    }

    /** A kubeconfig of a cluster that is not there (a closed port): installs fail at once. */
    static Path closedClusterKubeconfig(Context ctx) {
        Path file = ctx.server().dataDir().resolve("closed-cluster.yaml");
        try {
            if (!Files.exists(file)) {
                Files.writeString(
                        file,
                        "apiVersion: v1\nkind: Config\nclusters:\n- name: closed\n  cluster:\n    server: http://127.0.0.1:1\n"
                                + "contexts:\n- name: closed\n  context:\n    cluster: closed\n    user: u\n"
                                + "current-context: closed\nusers:\n- name: u\n  user:\n    token: t\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void settle(Context ctx, String id) {
        try {
            Eventually.until(Duration.ofSeconds(60), "release " + id + " settled", () -> {
                ApiClient.Response r =
                        ctx.api().get("/releases/" + id, ctx.cast().token("admin"));
                return r.status() == 404 || r.json().get("task").isNull();
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void settleAll(Context ctx) {
        for (JsonNode r : ApiClient.expect(ctx.api().get("/releases", ctx.cast().token("admin")), 200)
                .json()) {
            settle(ctx, r.get("id").asText());
        }
    }

    /** Bad requests to releases: each answers 4xx in the App Store family, and nothing is stored. */
    public static BadInputTable badInput() {
        return BadInputTable.of("appstore-releases", ErrorBodies.APPSTORE)
                .snapshot("/releases")
                .group("install requests")
                .add("malformed JSON", "alice", "POST", "/releases", "{\"package\":", 400)
                .add(
                        "unknown field",
                        "alice",
                        "POST",
                        "/releases",
                        "{\"package\":\"web\",\"namespace\":\"x\",\"token\":1}",
                        400)
                .add("no package", "alice", "POST", "/releases", "{\"namespace\":\"x\"}", 400)
                .add(
                        "package with slash",
                        "alice",
                        "POST",
                        "/releases",
                        "{\"package\":\"a/b\",\"namespace\":\"x\"}",
                        400)
                .add("no namespace", "alice", "POST", "/releases", "{\"package\":\"web\"}", 400)
                .add(
                        "namespace not a label",
                        "alice",
                        "POST",
                        "/releases",
                        "{\"package\":\"web\",\"namespace\":\"Bad_NS\"}",
                        400)
                .add(
                        "unknown namespace",
                        "alice",
                        "POST",
                        "/releases",
                        "{\"package\":\"web\",\"namespace\":\"no-such-target\"}",
                        400)
                .add(
                        "version not semver",
                        "alice",
                        "POST",
                        "/releases",
                        "{\"package\":\"web\",\"version\":\"1.0\",\"namespace\":\"x\"}",
                        400)
                .add(
                        "values not an object",
                        "alice",
                        "POST",
                        "/releases",
                        "{\"package\":\"web\",\"namespace\":\"x\",\"values\":[1]}",
                        400)
                .add(
                        "adminGroups not a list",
                        "alice",
                        "POST",
                        "/releases",
                        "{\"package\":\"web\",\"namespace\":\"x\",\"adminGroups\":\"team-a\"}",
                        400)
                .add(
                        "unknown repository",
                        "alice",
                        "POST",
                        "/releases",
                        "{\"repo\":\"stable\",\"package\":\"web\",\"namespace\":\"x\"}",
                        404)
                .add("empty body", "alice", "POST", "/releases", null, 400)
                .group("release ids and changes")
                .add("release id upper case", "alice", "GET", "/releases/Blurry-Green-Cat", null, 400)
                .add("release id too long", "alice", "GET", "/releases/" + "a".repeat(54), null, 400)
                .add("unknown release", "alice", "GET", "/releases/no-such-release", null, 404)
                .add("status of unknown release", "alice", "GET", "/releases/no-such-release/status", null, 404)
                .add("upgrade without anything", "alice", "PATCH", "/releases/no-such-release", "{}", 400)
                .add(
                        "upgrade version not semver",
                        "alice",
                        "PATCH",
                        "/releases/no-such-release",
                        "{\"version\":\"x\"}",
                        400)
                .add("rollback without revision", "alice", "POST", "/releases/no-such-release/rollback", "{}", 400)
                .add(
                        "rollback to revision 0",
                        "alice",
                        "POST",
                        "/releases/no-such-release/rollback",
                        "{\"revision\":0}",
                        400)
                .add(
                        "rollback revision not a number",
                        "alice",
                        "POST",
                        "/releases/no-such-release/rollback",
                        "{\"revision\":\"one\"}",
                        400)
                .add("delete unknown release", "alice", "DELETE", "/releases/no-such-release", null, 404)
                .group("approval gates")
                .add("gate without application", "admin", "PUT", "/packages/web/gate", "{}", 400)
                .add(
                        "gate of unknown package",
                        "admin",
                        "PUT",
                        "/packages/no-such-chart/gate",
                        "{\"application\":\"app-a\"}",
                        404)
                .add("remove gate of unknown package", "admin", "DELETE", "/packages/no-such-chart/gate", null, 404);
    }
}
