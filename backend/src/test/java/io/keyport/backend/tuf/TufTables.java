package io.keyport.backend.tuf;

import io.keyport.backend.testing.AuthorizationTable;
import io.keyport.backend.testing.BadInputTable;
import io.keyport.backend.testing.ErrorBodies;

/**
 * The TUF repository's rows for the shared test runners. The RSTUF API needs a TUF scope, which of
 * the {@link io.keyport.backend.testing.Cast} only the admin's full token carries (people and services
 * of the cast hold none); on the shared server the repository is not bootstrapped, so the admin's
 * changes answer RSTUF's 404 (not bootstrapped) or 422 (invalid payload): {@link TufIT} drives the
 * accepted ones. The public metadata needs no credentials and is in the matrix's public list.
 */
public final class TufTables {

    private static final String ONE =
            "{\"path\":\"a/b.txt\",\"info\":{\"length\":1,\"hashes\":{\"sha256\":\"" + "0".repeat(64) + "\"}}}";
    private static final String ARTIFACT = "{\"artifacts\":[" + ONE + "]}";
    private static final String ROLES = "\"root\":{\"expiration\":365},\"targets\":{\"expiration\":365},"
            + "\"snapshot\":{\"expiration\":1},\"timestamp\":{\"expiration\":1}";

    private static final String APP_A = "/api/v1/config/applications/app-a";

    private static final String DELEGATION = "{\"delegations\":{\"keys\":{},\"roles\":[{\"name\":\"dev\","
            + "\"paths\":[\"dev/*\"],\"terminating\":true,\"keyids\":[],\"x-rstuf-expire-policy\":1}]}}";

    public static final AuthorizationTable AUTHORIZATION = AuthorizationTable.of("tuf", ErrorBodies.RSTUF, """
            method | path                      | body      || anon | admin | admin-w | alice | alice-u | alice-w | carol | bob | nadia | svc | svc-w | svc-wa | svc-moved
            GET    | /api/v1/bootstrap         | -         || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /api/v1/bootstrap         | empty     || 401  | 422   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /api/v1/config            | -         || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            PUT    | /api/v1/config            | expiry    || 401  | 404   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /api/v1/artifacts         | artifact  || 401  | 404   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /api/v1/artifacts/delete  | paths     || 401  | 404   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /api/v1/artifacts/publish | -         || 401  | 404   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /api/v1/task?task_id=0123456789abcdef0123456789abcdef | - || 401 | 200 | 403 | 403 | 403 | 403 | 403 | 403 | 403 | 403 | 403 | 403 | 401
            GET    | /api/v1/task              | -         || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /api/v1/keys/online       | -         || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /api/v1/keys/online       | -         || 401  | 201   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /api/v1/metadata          | empty     || 401  | 422   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /api/v1/metadata/sign     | -         || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /api/v1/metadata/sign     | empty     || 401  | 422   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /api/v1/metadata/sign/delete | role   || 401  | 404   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /api/v1/metadata/online   | roles     || 401  | 404   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /api/v1/delegations       | deleg     || 401  | 404   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            PUT    | /api/v1/delegations       | deleg     || 401  | 404   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /api/v1/delegations/delete | named    || 401  | 404   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /api/v1/config/applications/app-a | - || 401 | 200  | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            PUT    | /api/v1/config/applications/app-a | on || 401 | 200  | 403     | 200   | 200     | 403     | 200   | 403 | 403   | 403 | 200   | 200    | 401
            PUT    | /api/v1/config/applications/no-such-app | on || 401 | 404 | 403 | 404 | 404     | 403     | 404   | 404 | 404   | 404 | 404   | 404    | 401
            """)
            .body("empty", "{}")
            .body("expiry", "{\"settings\":{\"expiration\":{\"timestamp\":2}}}")
            .body("artifact", ARTIFACT)
            .body("paths", "{\"artifacts\":[\"a/b.txt\"]}")
            .body("role", "{\"role\":\"root\"}")
            .body("roles", "{\"roles\":[]}")
            .body("deleg", DELEGATION)
            .body("named", "{\"delegations\":{\"roles\":[{\"name\":\"dev\"}]}}")
            .body("on", "{\"approved_targets\":true}");

    private TufTables() {}

    /** Refused payloads of the RSTUF API (checked before any precondition, so bootstrapped or not). */
    public static BadInputTable badInput() {
        return BadInputTable.of("tuf", ErrorBodies.RSTUF)
                .snapshot(
                        "/api/v1/bootstrap",
                        "/api/v1/config",
                        "/api/v1/metadata/sign",
                        "/api/v1/config/applications/app-a")
                .group("malformed JSON")
                .add("bootstrap cut short", "admin", "POST", "/api/v1/bootstrap", "{\"settings\":", 400)
                .add("bootstrap null", "admin", "POST", "/api/v1/bootstrap", "null", 400)
                .add("bootstrap a list", "admin", "POST", "/api/v1/bootstrap", "[]", 422)
                .add("artifacts cut short", "admin", "POST", "/api/v1/artifacts", "{\"artifacts\":[", 400)
                .add(
                        "artifacts as text/plain",
                        "admin",
                        "POST",
                        "/api/v1/artifacts",
                        ARTIFACT,
                        415,
                        "Content-Type",
                        "text/plain")
                .add("config duplicate key", "admin", "PUT", "/api/v1/config", "{\"settings\":{},\"settings\":{}}", 400)
                .group("invalid bootstrap payloads")
                .add("bootstrap without settings", "admin", "POST", "/api/v1/bootstrap", "{\"metadata\":{}}", 422)
                .add(
                        "bins not a power of two",
                        "admin",
                        "POST",
                        "/api/v1/bootstrap",
                        "{\"settings\":{\"roles\":{" + ROLES
                                + ",\"bins\":{\"expiration\":1,\"number_of_delegated_bins\":3}}},\"metadata\":{}}",
                        422)
                .add(
                        "bins beyond 16384",
                        "admin",
                        "POST",
                        "/api/v1/bootstrap",
                        "{\"settings\":{\"roles\":{" + ROLES
                                + ",\"bins\":{\"expiration\":1,\"number_of_delegated_bins\":32768}}},\"metadata\":{}}",
                        422)
                .add(
                        "expiration zero",
                        "admin",
                        "POST",
                        "/api/v1/bootstrap",
                        "{\"settings\":{\"roles\":{\"root\":{\"expiration\":0}}},\"metadata\":{}}",
                        422)
                .add(
                        "custom role traversing paths",
                        "admin",
                        "POST",
                        "/api/v1/bootstrap",
                        "{\"settings\":{\"roles\":{" + ROLES + ",\"delegations\":{\"roles\":[{\"name\":\"../x\","
                                + "\"paths\":[\"*\"],\"x-rstuf-expire-policy\":1}]}}},\"metadata\":{}}",
                        422)
                .add(
                        "root not signed metadata",
                        "admin",
                        "POST",
                        "/api/v1/bootstrap",
                        "{\"settings\":{\"roles\":{" + ROLES
                                + ",\"bins\":{\"expiration\":1,\"number_of_delegated_bins\":4}}},"
                                + "\"metadata\":{\"root\":{\"signed\":{},\"signatures\":[]}}}",
                        422)
                .add("bootstrap by a non-admin, malformed", "alice", "POST", "/api/v1/bootstrap", "{", 403)
                .group("invalid artifacts")
                .add(
                        "path traversal",
                        "admin",
                        "POST",
                        "/api/v1/artifacts",
                        ARTIFACT.replace("a/b.txt", "../b.txt"),
                        422)
                .add(
                        "path traversal inside",
                        "admin",
                        "POST",
                        "/api/v1/artifacts",
                        ARTIFACT.replace("a/b.txt", "a/../../b.txt"),
                        422)
                .add(
                        "absolute path",
                        "admin",
                        "POST",
                        "/api/v1/artifacts",
                        ARTIFACT.replace("a/b.txt", "/etc/passwd"),
                        422)
                .add(
                        "backslash path",
                        "admin",
                        "POST",
                        "/api/v1/artifacts",
                        ARTIFACT.replace("a/b.txt", "a\\\\..\\\\b"),
                        422)
                .add(
                        "control character in path",
                        "admin",
                        "POST",
                        "/api/v1/artifacts",
                        ARTIFACT.replace("a/b.txt", "a\\u0001b"),
                        422)
                .add("no sha256", "admin", "POST", "/api/v1/artifacts", ARTIFACT.replace("sha256", "sha512"), 422)
                .add(
                        "sha256 not hex",
                        "admin",
                        "POST",
                        "/api/v1/artifacts",
                        ARTIFACT.replace("0".repeat(64), "z".repeat(64)),
                        422)
                .add(
                        "negative length",
                        "admin",
                        "POST",
                        "/api/v1/artifacts",
                        ARTIFACT.replace("\"length\":1", "\"length\":-1"),
                        422)
                .add(
                        "fractional length",
                        "admin",
                        "POST",
                        "/api/v1/artifacts",
                        ARTIFACT.replace("\"length\":1", "\"length\":1.5"),
                        422)
                .add(
                        "float in custom",
                        "admin",
                        "POST",
                        "/api/v1/artifacts",
                        ARTIFACT.replace("\"length\":1,", "\"length\":1,\"custom\":{\"x\":0.5},"),
                        422)
                .add(
                        "unknown field",
                        "admin",
                        "POST",
                        "/api/v1/artifacts",
                        ARTIFACT.replace("{\"artifacts\"", "{\"bogus\":1,\"artifacts\""),
                        422)
                .add(
                        "publish flag as text",
                        "admin",
                        "POST",
                        "/api/v1/artifacts",
                        ARTIFACT.replace("{\"artifacts\"", "{\"publish_artifacts\":\"yes\",\"artifacts\""),
                        422)
                .add(
                        "same path twice",
                        "admin",
                        "POST",
                        "/api/v1/artifacts",
                        "{\"artifacts\":[" + ONE + "," + ONE + "]}",
                        422)
                .add("no artifacts", "admin", "POST", "/api/v1/artifacts", "{\"artifacts\":[]}", 422)
                .add(
                        "delete traversal",
                        "admin",
                        "POST",
                        "/api/v1/artifacts/delete",
                        "{\"artifacts\":[\"a/../../b\"]}",
                        422)
                .add("delete a number", "admin", "POST", "/api/v1/artifacts/delete", "{\"artifacts\":[1]}", 422)
                .group("invalid root updates and signatures")
                .add("root update cut short", "admin", "POST", "/api/v1/metadata", "{\"metadata\":", 400)
                .add("root update without root", "admin", "POST", "/api/v1/metadata", "{\"metadata\":{}}", 422)
                .add("root update a number", "admin", "POST", "/api/v1/metadata", "{\"metadata\":{\"root\":1}}", 422)
                .add(
                        "root update not root",
                        "admin",
                        "POST",
                        "/api/v1/metadata",
                        "{\"metadata\":{\"root\":{\"signed\":{\"_type\":\"targets\"},\"signatures\":[]}}}",
                        422)
                .add("signature without role", "admin", "POST", "/api/v1/metadata/sign", "{\"signature\":{}}", 422)
                .add(
                        "signature role traversal",
                        "admin",
                        "POST",
                        "/api/v1/metadata/sign",
                        "{\"role\":\"../root\",\"signature\":{\"keyid\":\"" + "a".repeat(64) + "\",\"sig\":\"00\"}}",
                        422)
                .add(
                        "signature keyid not hex",
                        "admin",
                        "POST",
                        "/api/v1/metadata/sign",
                        "{\"role\":\"root\",\"signature\":{\"keyid\":\"xyz\",\"sig\":\"00\"}}",
                        422)
                .add(
                        "signature not hex",
                        "admin",
                        "POST",
                        "/api/v1/metadata/sign",
                        "{\"role\":\"root\",\"signature\":{\"keyid\":\"" + "a".repeat(64) + "\",\"sig\":\"zz\"}}",
                        422)
                .add(
                        "signature with unknown field",
                        "admin",
                        "POST",
                        "/api/v1/metadata/sign",
                        "{\"role\":\"root\",\"signature\":{\"keyid\":\"" + "a".repeat(64)
                                + "\",\"sig\":\"00\",\"x\":1}}",
                        422)
                .add(
                        "abort a traversing role",
                        "admin",
                        "POST",
                        "/api/v1/metadata/sign/delete",
                        "{\"role\":\"a/b\"}",
                        422)
                .add("force root online", "admin", "POST", "/api/v1/metadata/online", "{\"roles\":[\"root\"]}", 422)
                .add("force roles as text", "admin", "POST", "/api/v1/metadata/online", "{\"roles\":\"targets\"}", 422)
                .add("force a number", "admin", "POST", "/api/v1/metadata/online", "{\"roles\":[1]}", 422)
                .group("invalid delegations")
                .add(
                        "delegated role traversing",
                        "admin",
                        "POST",
                        "/api/v1/delegations",
                        DELEGATION.replace("\"dev\"", "\"../dev\""),
                        422)
                .add(
                        "delegated role named targets",
                        "admin",
                        "PUT",
                        "/api/v1/delegations",
                        DELEGATION.replace("\"dev\"", "\"targets\""),
                        422)
                .add(
                        "offline key under a keyid that is not hex",
                        "admin",
                        "POST",
                        "/api/v1/delegations",
                        DELEGATION.replace("\"keys\":{}", "\"keys\":{\"k\":{}}"),
                        422)
                .add(
                        "delegation without expiry",
                        "admin",
                        "POST",
                        "/api/v1/delegations",
                        DELEGATION.replace(",\"x-rstuf-expire-policy\":1", ""),
                        422)
                .add(
                        "delegation absolute path",
                        "admin",
                        "POST",
                        "/api/v1/delegations",
                        DELEGATION.replace("dev/*", "/dev/*"),
                        422)
                .add(
                        "delete a traversing role",
                        "admin",
                        "POST",
                        "/api/v1/delegations/delete",
                        "{\"delegations\":{\"roles\":[{\"name\":\"a/b\"}]}}",
                        422)
                .add("delegations a list", "admin", "POST", "/api/v1/delegations", "[]", 422)
                .group("invalid settings and task ids")
                .add(
                        "expiration zero days",
                        "admin",
                        "PUT",
                        "/api/v1/config",
                        "{\"settings\":{\"expiration\":{\"timestamp\":0}}}",
                        422)
                .add(
                        "expiration fraction",
                        "admin",
                        "PUT",
                        "/api/v1/config",
                        "{\"settings\":{\"expiration\":{\"timestamp\":1.5}}}",
                        422)
                .add(
                        "expiration as text",
                        "admin",
                        "PUT",
                        "/api/v1/config",
                        "{\"settings\":{\"expiration\":{\"timestamp\":\"2\"}}}",
                        422)
                .add("no roles", "admin", "PUT", "/api/v1/config", "{\"settings\":{\"expiration\":{}}}", 422)
                .add("task id not hex", "admin", "GET", "/api/v1/task?task_id=xyz", null, 422)
                .group("custom roles signed by offline keys (decision 0058)")
                .add(
                        "offline keyid not among the keys",
                        "admin",
                        "POST",
                        "/api/v1/delegations",
                        "{\"delegations\":{\"keys\":{},\"roles\":[{\"name\":\"dev\",\"paths\":[\"dev/*\"],"
                                + "\"keyids\":[\"" + "a".repeat(64)
                                + "\"],\"threshold\":1,\"x-rstuf-expire-policy\":1}]}}",
                        422)
                .add(
                        "offline key not a key",
                        "admin",
                        "POST",
                        "/api/v1/bootstrap",
                        "{\"settings\":{\"roles\":{" + ROLES + ",\"delegations\":{\"keys\":{\"" + "a".repeat(64)
                                + "\":{\"keytype\":\"ed25519\",\"scheme\":\"ed25519\",\"keyval\":{\"public\":\"00\"}}},"
                                + "\"roles\":[{\"name\":\"dev\",\"paths\":[\"dev/*\"],\"keyids\":[\"" + "a".repeat(64)
                                + "\"],\"threshold\":1,\"x-rstuf-expire-policy\":1}]}}},\"metadata\":{}}",
                        422)
                .add(
                        "offline key under a keyid not its own",
                        "admin",
                        "PUT",
                        "/api/v1/delegations",
                        "{\"delegations\":{\"keys\":{\"" + "b".repeat(64) + "\":{\"keytype\":\"ed25519\",\"scheme\":"
                                + "\"ed25519\",\"keyval\":{\"public\":\"" + "1".repeat(64) + "\"}}},\"roles\":[]}}",
                        422)
                .group("application targets setting")
                .add("setting not a boolean", "admin", "PUT", APP_A, "{\"approved_targets\":\"false\"}", 422)
                .add("setting with another field", "alice", "PUT", APP_A, "{\"approved_targets\":false,\"x\":1}", 422)
                .add("setting a list", "alice", "PUT", APP_A, "[false]", 422)
                .add("setting cut short", "alice", "PUT", APP_A, "{\"approved_targets\":", 400)
                .add("setting of another team", "bob", "PUT", APP_A, "{\"approved_targets\":false}", 403)
                .add(
                        "setting of an unknown application",
                        "admin",
                        "PUT",
                        "/api/v1/config/applications/no-such-app",
                        "{\"approved_targets\":false}",
                        404)
                .add(
                        "task id with SQL",
                        "admin",
                        "GET",
                        "/api/v1/task?task_id=" + BadInputTable.enc("1' OR '1'='1"),
                        null,
                        422);
    }

    /**
     * Refusals only a bootstrapped repository gives: a second bootstrap with a valid payload (RSTUF's
     * 404), and a change that must leave the published timestamp as it was.
     */
    public static BadInputTable bootstrappedBadInput(String validPayload) {
        return BadInputTable.of("tuf-bootstrapped", ErrorBodies.RSTUF)
                .snapshot(
                        "/api/v1/bootstrap",
                        "/api/v1/config",
                        "/tuf/metadata/timestamp.json",
                        "/tuf/metadata/1.root.json")
                .group("second bootstrap")
                .add("a second bootstrap", "admin", "POST", "/api/v1/bootstrap", validPayload, 404)
                .add("a second bootstrap by a service", "svc-w", "POST", "/api/v1/bootstrap", validPayload, 403);
    }

    /** Files the public metadata does not have (answered in the STUPS family, as every other public path). */
    public static BadInputTable metadataBadInput() {
        return BadInputTable.of("tuf-metadata", ErrorBodies.STUPS)
                .snapshot("/api/v1/bootstrap")
                .group("no such metadata file")
                .add("version zero", "anon", "GET", "/tuf/metadata/0.root.json", null, 404)
                .add("unversioned root", "anon", "GET", "/tuf/metadata/root.json", null, 404)
                .add("not json", "anon", "GET", "/tuf/metadata/1.root.txt", null, 404)
                .add("traversal", "anon", "GET", "/tuf/metadata/" + BadInputTable.enc("../1.root.json"), null, 400)
                .add("huge version", "anon", "GET", "/tuf/metadata/99999999999999999999.root.json", null, 404);
    }
}
