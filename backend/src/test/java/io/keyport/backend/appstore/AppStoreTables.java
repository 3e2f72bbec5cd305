package io.keyport.backend.appstore;

import io.keyport.backend.testing.AuthorizationTable;
import io.keyport.backend.testing.AuthorizationTable.Filled;
import io.keyport.backend.testing.BadInputTable;
import io.keyport.backend.testing.ErrorBodies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Random;

/**
 * The App Store's rows for the shared test runners. The catalogue (packages, index, archives) is
 * public; an upload needs {@code uid}, and a service also {@code appstore.write} (which no service
 * of the cast holds); deleting chart versions and writing deployment targets is for admins.
 *
 * <p>Placeholders: {@code {chart}} a fresh chart whose version 1.0.0 the admin uploaded; {@code {target}} a fresh deployment target.
 */
public final class AppStoreTables {

    public static final AuthorizationTable AUTHORIZATION = AuthorizationTable.of("appstore", ErrorBodies.APPSTORE, """
            method | path                           | body   || anon | admin | admin-w | alice | alice-u | alice-w | carol | bob | nadia | svc | svc-w | svc-wa | svc-moved
            POST   | /api/charts                    | -      || 401  | 415   | 403     | 415   | 415     | 403     | 415   | 415 | 415   | 403 | 403   | 403    | 401
            DELETE | /api/charts/{chart}/1.0.0     | -      || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /namespaces                    | -      || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            PUT    | /namespaces/{new}              | target || 401  | 201   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            DELETE | /namespaces/{target}           | -      || 401  | 204   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            """)
            .body(
                    "target",
                    "{\"cluster\":\"kind-1\",\"kubeconfig\":\"file:/etc/keyport/kube/kind-1.yaml\","
                            + "\"namespace\":\"matrix\",\"teams\":[\"team-a\"]}")
            .placeholder("{chart}", (ctx, identity) -> {
                String name = ctx.fresh("matrix-chart-");
                upload(ctx.server().baseUrl(), ctx.cast().token("admin"), TestCharts.chart(name, "1.0.0"), "team-a");
                return Filled.of(name);
            })
            .placeholder("{target}", (ctx, identity) -> {
                String id = ctx.fresh("matrix-target-");
                io.keyport.backend.testing.ApiClient.expect(
                        ctx.api()
                                .putJson(
                                        "/namespaces/" + id,
                                        ctx.cast().token("admin"),
                                        "{\"cluster\":\"kind-1\",\"kubeconfig\":\"file:/k\",\"namespace\":\"ns\"}"),
                        201);
                return Filled.of(id);
            });

    private AppStoreTables() {}

    /** Bad requests to the App Store: each answers 4xx in its family, and nothing is stored. */
    public static BadInputTable badInput() {
        String ok = TestCharts.chartYaml("bad", "1.0.0", "d", List.of());
        String gzip = "application/gzip";
        byte[] huge = new byte[17 << 20];
        new Random(1).nextBytes(huge);
        return BadInputTable.of("appstore", ErrorBodies.APPSTORE)
                .snapshot("/packages", "/charts/index.yaml", "/namespaces")
                .group("corrupt archives")
                .addBytes("plain text", "alice", "POST", "/api/charts", "hello".getBytes(), 400, "Content-Type", gzip)
                .addBytes(
                        "gzip of garbage",
                        "alice",
                        "POST",
                        "/api/charts",
                        TestCharts.gzip(new byte[5000]),
                        400,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "truncated",
                        "alice",
                        "POST",
                        "/api/charts",
                        java.util.Arrays.copyOf(TestCharts.chart("bad", "1.0.0"), 60),
                        400,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "no Chart.yaml",
                        "alice",
                        "POST",
                        "/api/charts",
                        new TestCharts.Builder()
                                .file("bad/values.yaml", "a: 1\n")
                                .gzip(),
                        400,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "two top-level directories",
                        "alice",
                        "POST",
                        "/api/charts",
                        new TestCharts.Builder()
                                .file("bad/Chart.yaml", ok)
                                .file("other/x", "x")
                                .gzip(),
                        400,
                        "Content-Type",
                        gzip)
                .group("bombs and huge bodies")
                .addBytes(
                        "tar bomb (120 MiB of zeros)",
                        "alice",
                        "POST",
                        "/api/charts",
                        TestCharts.gzipBomb("bad", 30, 4L << 20),
                        413,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "file over 5 MiB",
                        "alice",
                        "POST",
                        "/api/charts",
                        new TestCharts.Builder()
                                .file("bad/Chart.yaml", ok)
                                .zeros("bad/big", 6L << 20)
                                .gzip(),
                        413,
                        "Content-Type",
                        gzip)
                .addBytes("body of 17 MiB", "alice", "POST", "/api/charts", huge, 413, "Content-Type", gzip)
                .group("path traversal and links")
                .addBytes(
                        "dot-dot",
                        "alice",
                        "POST",
                        "/api/charts",
                        new TestCharts.Builder()
                                .file("bad/Chart.yaml", ok)
                                .file("bad/../../x", "x")
                                .gzip(),
                        400,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "absolute path",
                        "alice",
                        "POST",
                        "/api/charts",
                        new TestCharts.Builder()
                                .file("bad/Chart.yaml", ok)
                                .file("/etc/cron.d/x", "x")
                                .gzip(),
                        400,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "symlink out",
                        "alice",
                        "POST",
                        "/api/charts",
                        new TestCharts.Builder()
                                .file("bad/Chart.yaml", ok)
                                .symlink("bad/x", "../../etc/passwd")
                                .gzip(),
                        400,
                        "Content-Type",
                        gzip)
                .group("bad Chart.yaml and files")
                .addBytes(
                        "version not semver",
                        "alice",
                        "POST",
                        "/api/charts",
                        TestCharts.chart("bad", "1.0"),
                        400,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "version with v",
                        "alice",
                        "POST",
                        "/api/charts",
                        TestCharts.chart("bad", "v1.0.0"),
                        400,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "schema not JSON",
                        "alice",
                        "POST",
                        "/api/charts",
                        new TestCharts.Builder()
                                .file("bad/Chart.yaml", ok)
                                .file("bad/values.schema.json", "{\"a\":")
                                .gzip(),
                        400,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "schema $ref classpath:",
                        "alice",
                        "POST",
                        "/api/charts",
                        new TestCharts.Builder()
                                .file("bad/Chart.yaml", ok)
                                .file("bad/values.schema.json", "{\"$ref\":\"classpath:/openapi/appstore.yaml\"}")
                                .gzip(),
                        400,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "schema $ref file:",
                        "alice",
                        "POST",
                        "/api/charts",
                        new TestCharts.Builder()
                                .file("bad/Chart.yaml", ok)
                                .file("bad/values.schema.json", "{\"$ref\":\"file:///etc/passwd\"}")
                                .gzip(),
                        400,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "schema $ref http:",
                        "alice",
                        "POST",
                        "/api/charts",
                        new TestCharts.Builder()
                                .file("bad/Chart.yaml", ok)
                                .file("bad/values.schema.json", "{\"$ref\":\"http://127.0.0.1:9/s.json\"}")
                                .gzip(),
                        400,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "schema $ref https:",
                        "alice",
                        "POST",
                        "/api/charts",
                        new TestCharts.Builder()
                                .file("bad/Chart.yaml", ok)
                                .file("bad/values.schema.json", "{\"$ref\":\"https://127.0.0.1:9/s.json\"}")
                                .gzip(),
                        400,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "values not YAML",
                        "alice",
                        "POST",
                        "/api/charts",
                        new TestCharts.Builder()
                                .file("bad/Chart.yaml", ok)
                                .file("bad/values.yaml", "a: [1\n")
                                .gzip(),
                        400,
                        "Content-Type",
                        gzip)
                .group("corrupt tarballs")
                .addBytes(
                        "tar header checksum wrong",
                        "alice",
                        "POST",
                        "/api/charts",
                        badChecksum(),
                        400,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "gzip trailer CRC wrong",
                        "alice",
                        "POST",
                        "/api/charts",
                        badGzipCrc(),
                        400,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "hard link out",
                        "alice",
                        "POST",
                        "/api/charts",
                        new TestCharts.Builder()
                                .file("bad/Chart.yaml", ok)
                                .hardlink("bad/x", "../../etc/passwd")
                                .gzip(),
                        400,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "same path twice",
                        "alice",
                        "POST",
                        "/api/charts",
                        new TestCharts.Builder()
                                .file("bad/Chart.yaml", ok)
                                .file("bad/values.yaml", "a: 1\n")
                                .file("bad/values.yaml", "a: 2\n")
                                .gzip(),
                        400,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "backslash in a path",
                        "alice",
                        "POST",
                        "/api/charts",
                        new TestCharts.Builder()
                                .file("bad/Chart.yaml", ok)
                                .file("bad\\..\\..\\x", "x")
                                .gzip(),
                        400,
                        "Content-Type",
                        gzip)
                .addBytes(
                        "more than 10000 entries",
                        "alice",
                        "POST",
                        "/api/charts",
                        manyEntries(ok, 10_001),
                        413,
                        "Content-Type",
                        gzip)
                .group("wrong media and forms")
                .add("JSON instead of a chart", "alice", "POST", "/api/charts", "{\"chart\":\"x\"}", 415)
                .addBytes(
                        "form without chart field",
                        "alice",
                        "POST",
                        "/api/charts",
                        TestCharts.form(List.of("prov"), List.of(new byte[] {1, 2}))
                                .body(),
                        400,
                        "Content-Type",
                        TestCharts.form(List.of("prov"), List.of(new byte[] {1, 2}))
                                .contentType())
                .addBytes(
                        "form without boundary",
                        "alice",
                        "POST",
                        "/api/charts",
                        "x".getBytes(),
                        400,
                        "Content-Type",
                        "multipart/form-data")
                .addBytes(
                        "form truncated",
                        "alice",
                        "POST",
                        "/api/charts",
                        ("--b\r\nContent-Disposition: form-data; name=\"chart\"\r\n\r\nabc").getBytes(),
                        400,
                        "Content-Type",
                        "multipart/form-data; boundary=b")
                .add("upload without a body", "alice", "POST", "/api/charts?team=team-b", null, 400)
                .group("catalogue parameters")
                .add("package id with slash", "anon", "GET", "/packages/a%2Fb", null, 0)
                .add("package id odd", "anon", "GET", "/packages/" + BadInputTable.enc("-x;DROP TABLE"), null, 400)
                .add("package version not semver", "anon", "GET", "/packages/nginx?version=1.0", null, 400)
                .add("query over 256", "anon", "GET", "/packages?query=" + "q".repeat(300), null, 400)
                .add("unknown package", "anon", "GET", "/packages/no-such-chart", null, 404)
                .add("unknown archive", "anon", "GET", "/charts/no-such-chart-1.0.0.tgz", null, 404)
                .add("delete unknown version", "admin", "DELETE", "/api/charts/no-such/1.0.0", null, 404)
                .group("deployment targets")
                .add("target id upper case", "admin", "PUT", "/namespaces/Prod", target("ns", "[]"), 400)
                .add("target id too long", "admin", "PUT", "/namespaces/" + "a".repeat(64), target("ns", "[]"), 400)
                .add("namespace not a label", "admin", "PUT", "/namespaces/prod", target("Bad_NS", "[]"), 400)
                .add("unknown team", "admin", "PUT", "/namespaces/prod", target("ns", "[\"no-such-team\"]"), 400)
                .add(
                        "missing cluster",
                        "admin",
                        "PUT",
                        "/namespaces/prod",
                        "{\"kubeconfig\":\"k\",\"namespace\":\"n\"}",
                        400)
                .add(
                        "unknown field",
                        "admin",
                        "PUT",
                        "/namespaces/prod",
                        "{\"cluster\":\"c\",\"kubeconfig\":\"k\"," + "\"namespace\":\"n\",\"token\":\"secret\"}",
                        400)
                .add("malformed JSON", "admin", "PUT", "/namespaces/prod", "{\"cluster\":", 400)
                .add(
                        "control character",
                        "admin",
                        "PUT",
                        "/namespaces/prod",
                        "{\"cluster\":\"c\\u0007\",\"kubeconfig\":\"k\",\"namespace\":\"n\"}",
                        400)
                .add("delete unknown target", "admin", "DELETE", "/namespaces/no-such-target", null, 404);
    }

    private static String target(String namespace, String teams) {
        return "{\"cluster\":\"kind-1\",\"kubeconfig\":\"file:/k\",\"namespace\":\"" + namespace + "\",\"teams\":"
                + teams + "}";
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Uploads a chart archive as {@code token} (raw body); returns the response. */
    public static HttpResponse<String> upload(String baseUrl, String token, byte[] tgz, String team) {
        return send(baseUrl + "/api/charts" + (team == null ? "" : "?team=" + team), token, tgz, "application/gzip");
    }

    /** Posts {@code body} with {@code contentType} to {@code url}. */
    public static HttpResponse<String> send(String url, String token, byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A valid chart whose first tar header's mode was changed after its checksum was written. */
    private static byte[] badChecksum() {
        byte[] tar = TestCharts.standard("bad", "1.0.0", "d", List.of()).tar();
        tar[101] = (byte) (tar[101] == '1' ? '2' : '1');
        return TestCharts.gzip(tar);
    }

    /** A valid chart whose gzip trailer (CRC-32 of the uncompressed bytes) is wrong. */
    private static byte[] badGzipCrc() {
        byte[] gz = TestCharts.chart("bad", "1.0.0");
        gz[gz.length - 8] ^= 0x5a;
        return gz;
    }

    /** Chart.yaml and then {@code n} more empty files: over Helm's limit of entries. */
    private static byte[] manyEntries(String chartYaml, int n) {
        TestCharts.Builder b = new TestCharts.Builder().file("bad/Chart.yaml", chartYaml);
        for (int i = 0; i < n; i++) {
            b.file("bad/files/f" + i, "");
        }
        return b.gzip();
    }
}
