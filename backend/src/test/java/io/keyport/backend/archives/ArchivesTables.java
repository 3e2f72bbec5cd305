package io.keyport.backend.archives;

import io.keyport.backend.testing.AuthorizationTable;
import io.keyport.backend.testing.AuthorizationTable.Filled;
import io.keyport.backend.testing.BadInputTable;
import io.keyport.backend.testing.ErrorBodies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;

/**
 * The archive API's rows for the shared test runners (identities of {@link io.keyport.backend.testing.Cast}).
 * Reading is public (kploy's clients send no credentials), so only uploads and deletes are in the
 * matrix: any person with {@code uid} and a team uploads, a service needs {@code archives.write}
 * (no cast service has it); deletes need the archive's team (team-a here) or an admin.
 *
 * <p>Placeholder: {@code {a-archive}} a fresh archive uploaded by alice (team-a) to a workspace of
 * its own, as {@code <id>?workspace=...}. The matrix sends bodies as UTF-8 text, so its archive
 * is one whose every byte is 7-bit ({@link KployArchives#asciiApp}).
 */
public final class ArchivesTables {

    /** The routes anyone may call without credentials. */
    public static final java.util.Set<String> PUBLIC =
            java.util.Set.of("GET /api/v1", "GET /api/v1/app", "GET /api/v1/app/{id}", "GET /api/v1/app/{id}/meta");

    public static final AuthorizationTable AUTHORIZATION = AuthorizationTable.of("archives", ErrorBodies.APPSTORE, """
            method | path                                       | body    || anon | admin | admin-w | alice | alice-u | alice-w | carol | bob | nadia | svc | svc-w | svc-wa | svc-moved
            POST   | /api/v1/app?workspace=http://m.example/{new} | archive || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 403   | 403 | 403   | 403    | 401
            POST   | /api/v1/app?team=team-b                    | archive || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 200 | 403   | 403 | 403   | 403    | 401
            DELETE | /api/v1/app/{a-archive}                    | -       || 401  | 204   | 403     | 204   | 204     | 403     | 204   | 403 | 403   | 403 | 403   | 403    | 401
            """)
            .body("archive", KployArchives.asciiApp("matrix"))
            .placeholder("{a-archive}", (ctx, identity) -> {
                String workspace = "http://m.example/" + ctx.fresh("delete");
                byte[] archive = KployArchives.app("matrix-delete");
                upload(ctx.server().baseUrl(), ctx.cast().token("alice"), workspace, archive);
                return Filled.of(KployArchives.sha256(archive) + "?workspace=" + enc(workspace));
            });

    private ArchivesTables() {}

    /** Bad archives and requests, answered in kploy's family; none may store anything. */
    public static BadInputTable badInput() {
        byte[] sample = KployArchives.sample();
        byte[] flipped = sample.clone();
        // the end record's count of entries
        flipped[flipped.length - 12] ^= 0x5a;
        return BadInputTable.of("archives", ErrorBodies.APPSTORE)
                .snapshot("/api/v1", "/api/v1/app", "/api/v1/app?workspace=" + enc("http://bad.example/ws"))
                .group("corrupt zips")
                .add("text body", "alice", "POST", "/api/v1/app", "not an archive at all", 400)
                .add("empty body", "alice", "POST", "/api/v1/app", "", 400)
                .addBytes("truncated sample", "alice", "POST", "/api/v1/app", Arrays.copyOf(sample, 3000), 400)
                .addBytes(
                        "sample cut before its end record",
                        "alice",
                        "POST",
                        "/api/v1/app",
                        Arrays.copyOf(sample, sample.length - 10),
                        400)
                .addBytes("sample with an altered end record", "alice", "POST", "/api/v1/app", flipped, 400)
                .addBytes("zip header then garbage", "alice", "POST", "/api/v1/app", garbageAfterHeader(), 400)
                .addBytes("stored entry whose CRC is wrong", "alice", "POST", "/api/v1/app", badCrc(), 400)
                .group("zip bombs")
                .addBytes(
                        "256 MiB of zeros deflated",
                        "alice",
                        "POST",
                        "/api/v1/app",
                        KployArchives.bomb(256L << 20),
                        400)
                .addBytes("more than 10000 entries", "alice", "POST", "/api/v1/app", manyEntries(10_001), 400)
                .group("not an app archive")
                .addBytes("no Kployfile", "alice", "POST", "/api/v1/app", zip("rcs/web.yaml", "kind: Service\n"), 422)
                .addBytes(
                        "Kployfile in a folder", "alice", "POST", "/api/v1/app", zip("app/Kployfile", "name: x\n"), 422)
                .addBytes("Kployfile a list", "alice", "POST", "/api/v1/app", zip("Kployfile", "- a\n- b\n"), 422)
                .addBytes(
                        "Kployfile not YAML",
                        "alice",
                        "POST",
                        "/api/v1/app",
                        zip("Kployfile", "name: [unclosed\n"),
                        422)
                .addBytes(
                        "Kployfile name a mapping",
                        "alice",
                        "POST",
                        "/api/v1/app",
                        zip("Kployfile", "name: {a: b}\n"),
                        422)
                .addBytes(
                        "Kployfile over 64 KiB",
                        "alice",
                        "POST",
                        "/api/v1/app",
                        zip("Kployfile", "name: x\n" + "# padding\n".repeat(7000)),
                        422)
                .group("dangerous entry names")
                .addBytes("entry with ..", "alice", "POST", "/api/v1/app", withEntry("../../etc/cron.d/x"), 400)
                .addBytes("absolute entry", "alice", "POST", "/api/v1/app", withEntry("/etc/passwd"), 400)
                .addBytes("entry with a backslash", "alice", "POST", "/api/v1/app", withEntry("rcs\\..\\..\\x"), 400)
                .addBytes("entry with a drive letter", "alice", "POST", "/api/v1/app", withEntry("C:/Windows/x"), 400)
                .addBytes("Kployfile twice", "alice", "POST", "/api/v1/app", withEntry("Kployfile"), 400)
                .group("huge bodies")
                .addBytes("one byte over the limit", "alice", "POST", "/api/v1/app", new byte[(1 << 20) + 1], 413)
                .group("invalid ids")
                .add("id not hex", "alice", "GET", "/api/v1/app/xyz", null, 404)
                .add("id upper case", "alice", "GET", "/api/v1/app/" + KployArchives.SAMPLE_ID.toUpperCase(), null, 404)
                .add("id 65 digits", "alice", "GET", "/api/v1/app/" + KployArchives.SAMPLE_ID + "0", null, 404)
                .add("meta of a bad id", "anon", "GET", "/api/v1/app/abc/meta", null, 404)
                .add("delete a bad id", "alice", "DELETE", "/api/v1/app/abc", null, 404)
                .add("delete an unknown id", "alice", "DELETE", "/api/v1/app/" + "0".repeat(64), null, 404)
                .add("SQL in an id", "alice", "GET", "/api/v1/app/" + BadInputTable.enc("' OR 1=1 --"), null, 404)
                .group("workspaces and teams")
                .add(
                        "workspace with ..",
                        "alice",
                        "POST",
                        "/api/v1/app?workspace=" + enc("http://h.example/a/../b"),
                        KployArchives.asciiApp("dots"),
                        400)
                .add(
                        "workspace of 600 characters",
                        "alice",
                        "GET",
                        "/api/v1/app?workspace=" + enc("http://h.example/" + "w".repeat(600)),
                        null,
                        400)
                .add(
                        "team unknown",
                        "admin",
                        "POST",
                        "/api/v1/app?team=no-such-team",
                        KployArchives.asciiApp("team"),
                        400)
                .add(
                        "team of someone else",
                        "alice",
                        "POST",
                        "/api/v1/app?team=team-b",
                        KployArchives.asciiApp("team"),
                        403)
                .group("methods")
                .add("PUT on the collection", "alice", "PUT", "/api/v1/app", "x", 405)
                .add("PATCH an archive", "alice", "PATCH", "/api/v1/app/" + KployArchives.SAMPLE_ID, "{}", 405)
                .add("DELETE the status", "admin", "DELETE", "/api/v1", null, 405);
    }

    /** Uploads {@code archive} to {@code workspace} with {@code token}; fails unless 200. */
    public static void upload(String baseUrl, String token, String workspace, byte[] archive) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/app?workspace=" + enc(workspace)))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(archive))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("upload to " + workspace + ": " + r.statusCode() + " " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] zip(String name, String content) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(name, content.getBytes(StandardCharsets.UTF_8));
        return KployArchives.zip(entries, ZipEntry.DEFLATED);
    }

    /**
     * A valid app archive with one more entry called {@code name}. A second {@code Kployfile} is
     * written as {@code Kployfilf} and renamed in the bytes (same length), since the JDK's zip writer
     * refuses duplicate names.
     */
    private static byte[] withEntry(String name) {
        boolean duplicate = name.equals("Kployfile");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("Kployfile", KployArchives.kployfile("named").getBytes(StandardCharsets.UTF_8));
        entries.put(duplicate ? "Kployfilf" : name, "kind: Service\n".getBytes(StandardCharsets.UTF_8));
        byte[] zip = KployArchives.zip(entries, ZipEntry.DEFLATED);
        if (!duplicate) {
            return zip;
        }
        return new String(zip, StandardCharsets.ISO_8859_1)
                .replace("Kployfilf", "Kployfile")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] garbageAfterHeader() {
        byte[] bytes = new byte[4096];
        new java.util.Random(7).nextBytes(bytes);
        bytes[0] = 'P';
        bytes[1] = 'K';
        bytes[2] = 3;
        bytes[3] = 4;
        return bytes;
    }

    private static byte[] manyEntries(int n) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("Kployfile", KployArchives.kployfile("many").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < n; i++) {
            entries.put("rcs/" + i, new byte[0]);
        }
        return KployArchives.zip(entries, ZipEntry.STORED);
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A valid app archive with a stored (uncompressed) entry whose bytes no longer match its CRC-32. */
    private static byte[] badCrc() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("Kployfile", KployArchives.kployfile("crc").getBytes(StandardCharsets.UTF_8));
        entries.put("rcs/web.yaml", "kind: Service\nmetadata: {name: web}\n".getBytes(StandardCharsets.UTF_8));
        byte[] zip = KployArchives.zip(entries, ZipEntry.STORED);
        String text = new String(zip, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("kind: Service");
        zip[at] = 'K';
        return zip;
    }
}
