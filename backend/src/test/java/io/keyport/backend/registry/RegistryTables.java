package io.keyport.backend.registry;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.AuthorizationTable;
import io.keyport.backend.testing.AuthorizationTable.Filled;
import io.keyport.backend.testing.BadInputTable;
import io.keyport.backend.testing.ErrorBodies;
import io.keyport.model.registry.Digest;
import java.nio.charset.StandardCharsets;

/**
 * The registry's rows for the shared test runners: who may call which {@code /v2/} route
 * ({@link #AUTHORIZATION}, identities of {@link io.keyport.backend.testing.Cast}) and the bad
 * requests it refuses ({@link #badInput()}), all answered in the OCI family.
 *
 * <p>The rules (Pier One B.2): anyone authenticated whose token carries {@code uid} pulls; pushing
 * to {@code <team>/...} needs the team-write rule (members; services of the team with
 * {@code application.write}; {@code application.write_all}; admins). Upload steps are not audited
 * by themselves: the push is, once, with its manifest.
 *
 * <p>Placeholders: {@code {repo-a}} / {@code {repo-b}} the repositories {@code team-a/matrix} and
 * {@code team-b/matrix}, each holding the empty config blob and tag {@code 1.0} ({@link #prepare});
 * {@code {session-a}} a fresh upload session of {@code team-a/matrix} started by the admin.
 */
public final class RegistryTables {

    public static final String REPO_A = "team-a/matrix";
    public static final String REPO_B = "team-b/matrix";

    /** The empty JSON config every table manifest uses. */
    static final byte[] CONFIG = "{}".getBytes(StandardCharsets.UTF_8);

    static final Digest CONFIG_DIGEST = Digest.sha256(CONFIG);

    /** An OCI image manifest of the empty config and no layers. */
    static final String MANIFEST = manifest("");

    /** The body the upload rows send, and its digest. */
    static final String BLOB = "matrix blob";

    static final Digest BLOB_DIGEST = Digest.sha256(BLOB.getBytes(StandardCharsets.UTF_8));

    private static final String PULL =
            "401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401";
    private static final String PUSH_A =
            "401  | X     | 403     | X     | X       | 403     | X     | 403 | 403   | 403 | X     | X      | 401";
    private static final String PUSH_B =
            "401  | X     | 403     | 403   | 403     | 403     | 403   | X   | 403   | 403 | 403   | X      | 401";

    public static final AuthorizationTable AUTHORIZATION = AuthorizationTable.of(
                    "registry", ErrorBodies.OCI, """
            method | path                                           | body     || anon | admin | admin-w | alice | alice-u | alice-w | carol | bob | nadia | svc | svc-w | svc-wa | svc-moved
            GET    | /v2/                                           | -        || %1$s
            GET    | /v2/_catalog                                   | -        || %1$s
            GET    | /v2/{repo-a}/tags/list                         | -        || %1$s
            GET    | /v2/{repo-a}/manifests/1.0                     | -        || %1$s
            GET    | /v2/{repo-a}/manifests/%4$s                    | -        || %1$s
            GET    | /v2/{repo-a}/referrers/%4$s                    | -        || %1$s
            GET    | /v2/{repo-a}/blobs/%5$s                        | -        || %1$s
            PUT    | /v2/{repo-a}/manifests/{new}                   | manifest || %2$s
            PUT    | /v2/{repo-b}/manifests/{new}                   | manifest || %3$s
            POST   | /v2/{repo-a}/blobs/uploads/                    | -        || %6$s
            POST   | /v2/{repo-b}/blobs/uploads/                    | -        || %7$s
            GET    | /v2/{repo-a}/blobs/uploads/{session-a}         | -        || %8$s
            PATCH  | /v2/{repo-a}/blobs/uploads/{session-a}         | blob     || %6$s
            PUT    | /v2/{repo-a}/blobs/uploads/{session-a}?digest=%9$s | blob || %10$s
            DELETE | /v2/{repo-a}/blobs/uploads/{session-a}         | -        || %8$s
            """.formatted(
                                    PULL,
                                    PUSH_A.replace("X", "201"),
                                    PUSH_B.replace("X", "201"),
                                    Digest.sha256(MANIFEST.getBytes(StandardCharsets.UTF_8)),
                                    CONFIG_DIGEST,
                                    PUSH_A.replace("X", "202"),
                                    PUSH_B.replace("X", "202"),
                                    PUSH_A.replace("X", "204"),
                                    BLOB_DIGEST,
                                    PUSH_A.replace("X", "201")))
            .body("manifest", MANIFEST)
            .body("blob", BLOB)
            .unaudited("POST", "/v2/.+/blobs/uploads/")
            .unaudited("PATCH", "/v2/.+/blobs/uploads/.+")
            .unaudited("PUT", "/v2/.+/blobs/uploads/.+")
            .unaudited("DELETE", "/v2/.+/blobs/uploads/.+")
            .placeholder(
                    "{repo-a}",
                    (ctx, identity) -> Filled.of(prepare(ctx.api(), ctx.cast().token("admin"), REPO_A)))
            .placeholder(
                    "{repo-b}",
                    (ctx, identity) -> Filled.of(prepare(ctx.api(), ctx.cast().token("admin"), REPO_B)))
            .placeholder(
                    "{session-a}",
                    (ctx, identity) -> Filled.of(session(ctx.api(), ctx.cast().token("admin"))));

    private RegistryTables() {}

    /** An OCI manifest of the empty config with {@code extra} fields (text after the layers, or ""). */
    static String manifest(String extra) {
        return "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                + "{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + CONFIG_DIGEST
                + "\",\"size\":2},\"layers\":[]" + extra + "}";
    }

    /**
     * Makes sure {@code repository} holds the empty config blob and tag {@code 1.0} (as the admin);
     * returns the repository's name. Doing it again changes nothing.
     */
    public static String prepare(ApiClient api, String adminToken, String repository) {
        ApiClient.expect(
                api.send(
                        "POST",
                        "/v2/" + repository + "/blobs/uploads/?digest=" + CONFIG_DIGEST,
                        "{}",
                        "Authorization",
                        "Bearer " + adminToken,
                        "Content-Type",
                        "application/octet-stream"),
                201);
        ApiClient.expect(
                api.send(
                        "PUT",
                        "/v2/" + repository + "/manifests/1.0",
                        MANIFEST,
                        "Authorization",
                        "Bearer " + adminToken,
                        "Content-Type",
                        "application/vnd.oci.image.manifest.v1+json"),
                201);
        return repository;
    }

    private static String session(ApiClient api, String adminToken) {
        prepare(api, adminToken, REPO_A);
        String location = ApiClient.expect(
                        api.send(
                                "POST",
                                "/v2/" + REPO_A + "/blobs/uploads/",
                                null,
                                "Authorization",
                                "Bearer " + adminToken),
                        202)
                .header("Location")
                .orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /**
     * Bad requests to the registry, answered in the OCI family with nothing stored. They expect
     * {@link #prepare} to have run for {@link #REPO_A}.
     */
    public static BadInputTable badInput() {
        String uploads = "/v2/" + REPO_A + "/blobs/uploads/";
        String manifests = "/v2/" + REPO_A + "/manifests/";
        String oci = "application/vnd.oci.image.manifest.v1+json";
        String unknown = Digest.sha256("nobody pushed this".getBytes(StandardCharsets.UTF_8))
                .toString();
        String session = "0f0e0d0c-0b0a-4909-8807-060504030201";
        return BadInputTable.of("registry", ErrorBodies.OCI)
                .snapshot(
                        "/v2/" + REPO_A + "/tags/list",
                        "/v2/_catalog",
                        "/v2/" + REPO_A + "/manifests/1.0",
                        "/v2/" + REPO_A + "/referrers/" + CONFIG_DIGEST)
                .group("invalid names")
                .add("upper case", "alice", "GET", "/v2/Team-A/matrix/tags/list", null, 400)
                .add("one component", "alice", "POST", "/v2/matrix/blobs/uploads/", null, 400)
                .add("double separator", "alice", "POST", "/v2/team-a/a__-b/blobs/uploads/", null, 400)
                .add("256 characters", "alice", "POST", "/v2/team-a/" + "a".repeat(250) + "/blobs/uploads/", null, 400)
                .add(
                        "name of a manifest push",
                        "alice",
                        "PUT",
                        "/v2/team-a/-x/manifests/1",
                        MANIFEST,
                        400,
                        "Content-Type",
                        oci)
                .group("path traversal")
                .add(
                        "dot-dot in the name",
                        "alice",
                        "PUT",
                        "/v2/team-a/../team-b/manifests/1",
                        MANIFEST,
                        400,
                        "Content-Type",
                        oci)
                .add("encoded dot-dot", "alice", "GET", "/v2/team-a/%2e%2e/matrix/tags/list", null, 400)
                .add("encoded slash", "alice", "GET", "/v2/team-a%2fmatrix/tags/list", null, 400)
                .add("dot-dot as the session", "alice", "PATCH", uploads + "..", BLOB, 400)
                .add("dot-dot as the reference", "alice", "GET", manifests + "..", null, 400)
                .add("backslash in the digest", "alice", "GET", "/v2/" + REPO_A + "/blobs/sha256:..%5c..", null, 400)
                .group("wrong digests")
                .add(
                        "blob does not match its digest",
                        "alice",
                        "POST",
                        uploads + "?digest=" + unknown,
                        BLOB,
                        400,
                        "Content-Type",
                        "application/octet-stream")
                .add("digest not hex", "alice", "POST", uploads + "?digest=sha256:zz", BLOB, 400)
                .add(
                        "unsupported algorithm",
                        "alice",
                        "POST",
                        uploads + "?digest=md5:d41d8cd98f00b204e9800998ecf8427e",
                        BLOB,
                        400)
                .add("short blob digest", "alice", "GET", "/v2/" + REPO_A + "/blobs/sha256:abc", null, 400)
                .add(
                        "manifest under another digest",
                        "alice",
                        "PUT",
                        manifests + unknown,
                        MANIFEST,
                        400,
                        "Content-Type",
                        oci)
                .add(
                        "referrers of a malformed digest",
                        "alice",
                        "GET",
                        "/v2/" + REPO_A + "/referrers/sha256:x",
                        null,
                        400)
                .add(
                        "unknown digest algorithm parameter",
                        "alice",
                        "POST",
                        uploads + "?digest-algorithm=md5",
                        null,
                        400)
                .group("malformed manifests")
                .add("unterminated JSON", "alice", "PUT", manifests + "bad", "{", 400, "Content-Type", oci)
                .add("JSON array", "alice", "PUT", manifests + "bad", "[]", 400, "Content-Type", oci)
                .add(
                        "schema 1",
                        "alice",
                        "PUT",
                        manifests + "bad",
                        "{\"schemaVersion\":1}",
                        400,
                        "Content-Type",
                        "application/vnd.docker.distribution.manifest.v1+prettyjws")
                .add(
                        "no config",
                        "alice",
                        "PUT",
                        manifests + "bad",
                        "{\"schemaVersion\":2,\"mediaType\":\"" + oci + "\",\"layers\":[]}",
                        400,
                        "Content-Type",
                        oci)
                .add(
                        "config digest invalid",
                        "alice",
                        "PUT",
                        manifests + "bad",
                        MANIFEST.replace(CONFIG_DIGEST.toString(), "sha256:nothex"),
                        400,
                        "Content-Type",
                        oci)
                .add(
                        "key given twice",
                        "alice",
                        "PUT",
                        manifests + "bad",
                        MANIFEST.replace("{\"schemaVersion\":2,", "{\"schemaVersion\":2,\"schemaVersion\":2,"),
                        400,
                        "Content-Type",
                        oci)
                .add(
                        "media type differs from Content-Type",
                        "alice",
                        "PUT",
                        manifests + "bad",
                        MANIFEST,
                        400,
                        "Content-Type",
                        "application/vnd.docker.distribution.manifest.v2+json")
                .add(
                        "an index that is an image manifest",
                        "alice",
                        "PUT",
                        manifests + "bad",
                        MANIFEST.replace(oci, "application/vnd.oci.image.index.v1+json"),
                        400,
                        "Content-Type",
                        "application/vnd.oci.image.index.v1+json")
                .add(
                        "unknown media type",
                        "alice",
                        "PUT",
                        manifests + "bad",
                        "{\"schemaVersion\":2}",
                        400,
                        "Content-Type",
                        "application/vnd.example+json")
                .add(
                        "manifest over 4 MiB",
                        "alice",
                        "PUT",
                        manifests + "big",
                        manifest(",\"annotations\":{\"a\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}"),
                        413,
                        "Content-Type",
                        oci)
                .group("missing blobs")
                .add(
                        "config not in the repository",
                        "alice",
                        "PUT",
                        manifests + "missing",
                        MANIFEST.replace(CONFIG_DIGEST.toString(), unknown),
                        400,
                        "Content-Type",
                        oci)
                .add(
                        "index child not in the repository",
                        "alice",
                        "PUT",
                        manifests + "missing-index",
                        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":"
                                + "[{\"mediaType\":\"" + oci + "\",\"digest\":\"" + unknown + "\",\"size\":9}]}",
                        400,
                        "Content-Type",
                        "application/vnd.oci.image.index.v1+json")
                .add(
                        "blob of the repository only elsewhere",
                        "alice",
                        "GET",
                        "/v2/team-a/other/blobs/" + CONFIG_DIGEST,
                        null,
                        404)
                .group("upload sessions")
                .add("unknown session", "alice", "PATCH", uploads + session, BLOB, 404)
                .add("session id not a uuid", "alice", "GET", uploads + "not-a-session", null, 404)
                .add("complete without digest", "alice", "PUT", uploads + session, BLOB, 400)
                .add("malformed Content-Range", "alice", "PATCH", uploads + session, BLOB, 416, "Content-Range", "abc")
                .add("Content-Range backwards", "alice", "PATCH", uploads + session, BLOB, 416, "Content-Range", "9-3")
                .group("immutable tags and paging")
                .add("latest is not pushed", "alice", "PUT", manifests + "latest", MANIFEST, 409, "Content-Type", oci)
                .add(
                        "a tag set to another manifest",
                        "alice",
                        "PUT",
                        manifests + "1.0",
                        manifest(",\"annotations\":{\"other\":\"manifest\"}"),
                        409,
                        "Content-Type",
                        oci)
                .add("negative page size", "alice", "GET", "/v2/" + REPO_A + "/tags/list?n=-1", null, 400)
                .add(
                        "X-SCM-Source without the trusted scope",
                        "alice",
                        "PUT",
                        manifests + "scm",
                        MANIFEST,
                        403,
                        "Content-Type",
                        oci,
                        "X-SCM-Source",
                        "{\"url\":\"https://scm/x\"}");
    }
}
