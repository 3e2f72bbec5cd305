package io.keyport.backend.tuf.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.backend.identity.api.Authenticator;
import io.keyport.backend.identity.service.Principal;
import io.keyport.backend.tuf.service.AppTargetSettings;
import io.keyport.backend.tuf.service.TufService;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RSTUF v1 API, each answer in RSTUF's envelope {@code {"data": ..., "message": ...}}; every
 * change answers 202 with {@code data = {task_id, last_update}} and runs as a task. Unlike RSTUF,
 * every call needs a Keyport token with a TUF scope ({@code tuf.read}, {@code tuf.write},
 * {@code tuf.admin}). Errors are RSTUF's {@code {"detail": {"message", "error"}}}.
 *
 * <pre>
 * GET  /api/v1/bootstrap          {bootstrap, state, id}                            tuf.read
 * POST /api/v1/bootstrap          ceremony payload (settings.roles, metadata.root)  tuf.admin
 * GET  /api/v1/config             settings (expirations, bins, root threshold)      tuf.read
 * PUT  /api/v1/config             {"settings": {"expiration": {role: days}}}        tuf.admin
 * POST /api/v1/artifacts          {"artifacts": [{path, info}], "add_task_id_to_custom", "publish_artifacts"}  tuf.write
 * POST /api/v1/artifacts/delete   {"artifacts": [path], "publish_artifacts"}        tuf.write
 * POST /api/v1/artifacts/publish  publish every pending change                      tuf.write
 * GET  /api/v1/task?task_id=      {task_id, state, result}                          tuf.read
 * GET  /api/v1/task               {tasks: the caller's own newest 100}              tuf.read
 * POST /api/v1/metadata           {"metadata": {"root": signed root n+1}}           tuf.admin
 * GET  /api/v1/metadata/sign      {metadata: {root, trusted_root}, signing}         tuf.read
 * POST /api/v1/metadata/sign      {"role": "root", "signature": {keyid, sig}}       tuf.admin
 * POST /api/v1/metadata/sign/delete  {"role": "root"}                               tuf.admin
 * POST /api/v1/metadata/online    {"roles": [...]} (empty: every online role)       tuf.admin
 * POST /api/v1/delegations        {"delegations": {"keys": {}, "roles": [...]}}     tuf.admin
 * PUT  /api/v1/delegations        the same, for roles that exist                    tuf.admin
 * POST /api/v1/delegations/delete {"delegations": {"roles": [{"name"}]}}            tuf.admin
 * GET  /api/v1/keys/online        the online public key for root, keys held         tuf.read
 * POST /api/v1/keys/online        generate a new online key (for a rotation)        tuf.admin
 * GET  /api/v1/config/applications/{id}  approval-gated targets on/off (0053)      uid or tuf.read
 * PUT  /api/v1/config/applications/{id}  {"approved_targets": false}               tuf.admin or the team
 *
 * curl -H "Authorization: Bearer $TOKEN" http://localhost:8080/api/v1/keys/online
 * curl -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
 *      -d @ceremony-payload.json http://localhost:8080/api/v1/bootstrap
 * curl -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
 *      -d '{"artifacts":[{"path":"app/1.0/app.tar.gz","info":{"length":1024,"hashes":{"sha256":"..."}}}]}' \
 *      http://localhost:8080/api/v1/artifacts
 * curl -H "Authorization: Bearer $TOKEN" 'http://localhost:8080/api/v1/task?task_id=...'
 * </pre>
 */
public final class TufHttpService implements HttpService {

    private final TufService tuf;
    private final AppTargetSettings appTargets;
    private final Authenticator authenticator;
    private final RouteRegistry registry;
    private final long maxBody;

    public TufHttpService(
            TufService tuf,
            AppTargetSettings appTargets,
            Authenticator authenticator,
            RouteRegistry registry,
            long maxBody) {
        this.tuf = tuf;
        this.appTargets = appTargets;
        this.authenticator = authenticator;
        this.registry = registry;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry)
                .get("/api/v1/bootstrap", this::bootstrapState)
                .post(
                        "/api/v1/bootstrap",
                        (req, res) -> accepted(res, tuf.bootstrap(caller(req), () -> body(req)), "Bootstrap accepted."))
                .get("/api/v1/config", (req, res) -> ok(res, tuf.config(caller(req)), "Current Settings"))
                .put(
                        "/api/v1/config",
                        (req, res) -> accepted(
                                res, tuf.updateConfig(caller(req), () -> body(req)), "Settings update accepted."))
                .post(
                        "/api/v1/artifacts",
                        (req, res) -> accepted(
                                res, tuf.addArtifacts(caller(req), () -> body(req)), "New Artifact(s) accepted."))
                .post(
                        "/api/v1/artifacts/delete",
                        (req, res) -> accepted(
                                res, tuf.deleteArtifacts(caller(req), () -> body(req)), "Remove Artifact(s) accepted."))
                .post(
                        "/api/v1/artifacts/publish",
                        (req, res) -> accepted(res, tuf.publishArtifacts(caller(req)), "Publish artifacts accepted."))
                .get(
                        "/api/v1/task",
                        (req, res) -> ok(res, tuf.task(caller(req), Http.query(req, "task_id")), "Task state."))
                .post(
                        "/api/v1/metadata",
                        (req, res) -> accepted(
                                res, tuf.updateMetadata(caller(req), () -> body(req)), "Metadata update accepted."))
                .get("/api/v1/metadata/sign", this::pendingSignatures)
                .post(
                        "/api/v1/metadata/sign",
                        (req, res) -> accepted(res, tuf.sign(caller(req), () -> body(req)), "Metadata sign accepted."))
                .post(
                        "/api/v1/metadata/sign/delete",
                        (req, res) -> accepted(
                                res, tuf.deleteSigning(caller(req), () -> body(req)), "Metadata sign delete accepted."))
                .post(
                        "/api/v1/metadata/online",
                        (req, res) -> accepted(
                                res,
                                tuf.forceOnline(caller(req), () -> body(req)),
                                "Force new online metadata update accepted."))
                .post(
                        "/api/v1/delegations",
                        (req, res) -> accepted(
                                res,
                                tuf.delegations(caller(req), () -> body(req), "add"),
                                "Metadata delegation accepted."))
                .put(
                        "/api/v1/delegations",
                        (req, res) -> accepted(
                                res,
                                tuf.delegations(caller(req), () -> body(req), "update"),
                                "Metadata delegation update accepted."))
                .post(
                        "/api/v1/delegations/delete",
                        (req, res) -> accepted(
                                res,
                                tuf.delegations(caller(req), () -> body(req), "delete"),
                                "Metadata delegation delete accepted."))
                .get(
                        "/api/v1/config/applications/{id}",
                        (req, res) -> ok(
                                res,
                                appTargets.get(caller(req), Http.param(req, "id")),
                                "Approval-gated targets of the application."))
                .put(
                        "/api/v1/config/applications/{id}",
                        (req, res) -> ok(
                                res,
                                appTargets.put(caller(req), Http.param(req, "id"), () -> body(req)),
                                "Approval-gated targets of the application updated."))
                .get("/api/v1/keys/online", (req, res) -> ok(res, tuf.onlineKey(caller(req)), "The online key."))
                .post("/api/v1/keys/online", (req, res) -> {
                    Map<String, Object> data = tuf.generateOnlineKey(caller(req));
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("data", data);
                    body.put("message", "Online key generated; name it in a root update to rotate to it.");
                    Http.json(res, Status.CREATED_201, body);
                });
    }

    private void pendingSignatures(ServerRequest req, ServerResponse res) {
        Map<String, Object> data = tuf.pendingSignatures(caller(req));
        boolean none = ((Map<?, ?>) data.get("metadata")).isEmpty();
        ok(res, data, none ? "No metadata pending signing available" : "Metadata role(s) pending signing");
    }

    /** RSTUF's messages: the system is locked for bootstrap once one was accepted. */
    private void bootstrapState(ServerRequest req, ServerResponse res) {
        Map<String, Object> data = tuf.bootstrapState(caller(req));
        ok(res, data, data.get("state") == null ? "System available for bootstrap." : "System LOCKED for bootstrap.");
    }

    private Principal caller(ServerRequest req) {
        return authenticator.require(req);
    }

    private JsonNode body(ServerRequest req) {
        return Http.readJson(req, JsonNode.class, maxBody);
    }

    private static void ok(ServerResponse res, Object data, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("message", message);
        Http.ok(res, body);
    }

    private static void accepted(ServerResponse res, TufService.Accepted accepted, String message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("task_id", accepted.taskId());
        data.put("last_update", accepted.lastUpdate());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("message", message);
        Http.json(res, Status.ACCEPTED_202, body);
    }
}
