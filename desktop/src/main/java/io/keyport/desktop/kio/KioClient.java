package io.keyport.desktop.kio;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.desktop.service.Transport;
import io.keyport.model.identity.ClientCredentials;
import io.keyport.model.identity.CredentialInfo;
import io.keyport.model.identity.ServiceScopes;
import io.keyport.model.identity.Team;
import io.keyport.model.kio.Application;
import io.keyport.model.kio.Approval;
import io.keyport.model.kio.ApprovalPolicy;
import io.keyport.model.kio.InboxItem;
import io.keyport.model.kio.KioStatistics;
import io.keyport.model.kio.StoreApproval;
import io.keyport.model.kio.StoreVersion;
import io.keyport.model.kio.Version;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The applications domain of the server (Kio API, service credentials and scopes, the approvals
 * inbox and the dashboard's figures) over the session's {@link Transport}. Every call blocks and
 * throws {@link io.keyport.desktop.service.BackendException} with the server's message; run it
 * through a {@code TaskExecutor}.
 */
public final class KioClient {

    private static final TypeReference<List<Application>> APPS = new TypeReference<>() {};
    private static final TypeReference<List<ApplicationRow>> ROWS = new TypeReference<>() {};
    private static final TypeReference<Application> APP = new TypeReference<>() {};
    private static final TypeReference<List<Version>> VERSIONS = new TypeReference<>() {};
    private static final TypeReference<Version> VERSION = new TypeReference<>() {};
    private static final TypeReference<List<Approval>> APPROVALS = new TypeReference<>() {};
    private static final TypeReference<Approval> APPROVAL = new TypeReference<>() {};
    private static final TypeReference<ApprovalPolicy> POLICY = new TypeReference<>() {};
    private static final TypeReference<List<CredentialInfo>> CREDENTIALS = new TypeReference<>() {};
    private static final TypeReference<ClientCredentials> NEW_CREDENTIAL = new TypeReference<>() {};
    private static final TypeReference<ServiceScopes> SCOPES = new TypeReference<>() {};
    private static final TypeReference<List<InboxItem>> INBOX = new TypeReference<>() {};
    private static final TypeReference<KioStatistics> STATISTICS = new TypeReference<>() {};
    private static final TypeReference<List<Team>> TEAMS = new TypeReference<>() {};
    private static final TypeReference<Object> NOTHING = null;

    private final Transport transport;

    public KioClient(Transport transport) {
        this.transport = Objects.requireNonNull(transport);
    }

    /**
     * {@code GET /apps}, filtered by the server: {@code search} (every word, best first), team and
     * active; a null or blank filter matches everything.
     */
    public List<Application> applications(String search, String teamId, Boolean active) {
        return transport.get("/apps", appsQuery(search, teamId, active), APPS);
    }

    /**
     * {@link #applications} read as table rows: the same request, each item's other fields skipped
     * while the answer is parsed, so a list of 100,000 costs the console only its columns.
     */
    public List<ApplicationRow> applicationRows(String search, String teamId, Boolean active) {
        return transport.get("/apps", appsQuery(search, teamId, active), ROWS);
    }

    private static Map<String, String> appsQuery(String search, String teamId, Boolean active) {
        Map<String, String> query = new HashMap<>();
        query.put("search", blankToNull(search));
        query.put("team_id", blankToNull(teamId));
        query.put("active", active == null ? null : active.toString());
        return query;
    }

    /** {@code GET /apps/{id}}, with the computed {@code required_approvers}. */
    public Application application(String id) {
        return transport.get("/apps/" + id, Map.of(), APP);
    }

    /** {@code PUT /apps/{id}}: creates or updates (null fields keep their stored value). */
    public void saveApplication(String id, ApplicationDraft draft) {
        transport.put("/apps/" + id, draft.toStore(), NOTHING);
    }

    /** {@code GET /api/teams}: every team (for the team filter and the team of a new application). */
    public List<Team> teams() {
        return transport.get("/api/teams", Map.of(), TEAMS);
    }

    /** {@code GET /apps/{id}/versions}, oldest first, each with its approval state. */
    public List<Version> versions(String appId) {
        return transport.get("/apps/" + appId + "/versions", Map.of(), VERSIONS);
    }

    /** {@code GET /apps/{id}/versions/{v}}. */
    public Version version(String appId, String versionId) {
        return transport.get("/apps/" + appId + "/versions/" + versionId, Map.of(), VERSION);
    }

    /** {@code PUT /apps/{id}/versions/{v}}: creates or changes a version (a change resets its approvals). */
    public void saveVersion(String appId, String versionId, String artifact, String notes) {
        transport.put(
                "/apps/" + appId + "/versions/" + versionId,
                new StoreVersion(
                        artifact, blankToNull(notes), null, null, null, null, null, null, null, null, null, null),
                NOTHING);
    }

    /** {@code GET /apps/{id}/versions/{v}/approvals}: the version's approval history. */
    public List<Approval> approvals(String appId, String versionId) {
        return transport.get("/apps/" + appId + "/versions/" + versionId + "/approvals", Map.of(), APPROVALS);
    }

    /** {@code POST /apps/{id}/versions/{v}/approvals}: approves for one type. */
    public Approval approve(String appId, String versionId, String approvalType, String notes) {
        return transport.post(
                "/apps/" + appId + "/versions/" + versionId + "/approvals",
                new StoreApproval(approvalType, blankToNull(notes)),
                APPROVAL);
    }

    /** {@code GET /apps/{id}/approval-policy}. */
    public ApprovalPolicy policy(String appId) {
        return transport.get("/apps/" + appId + "/approval-policy", Map.of(), POLICY);
    }

    /** {@code PUT /apps/{id}/approval-policy} (admins); null fields keep their value. */
    public ApprovalPolicy savePolicy(String appId, ApprovalPolicy policy) {
        return transport.put("/apps/" + appId + "/approval-policy", policy, POLICY);
    }

    /** {@code GET /apps/{id}/credentials}: the service credentials, never their secrets. */
    public List<CredentialInfo> credentials(String appId) {
        return transport.get("/apps/" + appId + "/credentials", Map.of(), CREDENTIALS);
    }

    /** {@code POST /apps/{id}/credentials}: a new credential; its secret is in this answer only. */
    public ClientCredentials createCredential(String appId) {
        return transport.post("/apps/" + appId + "/credentials", Map.of(), NEW_CREDENTIAL);
    }

    /** {@code DELETE /apps/{id}/credentials/{client_id}}. */
    public void revokeCredential(String appId, String clientId) {
        transport.delete("/apps/" + appId + "/credentials/" + clientId);
    }

    /** {@code GET /apps/{id}/scopes}. */
    public List<String> scopes(String appId) {
        return transport.get("/apps/" + appId + "/scopes", Map.of(), SCOPES).scopes();
    }

    /** {@code PUT /apps/{id}/scopes} (admins): replaces the granted scopes. */
    public List<String> saveScopes(String appId, List<String> scopes) {
        return transport
                .put("/apps/" + appId + "/scopes", new ServiceScopes(List.copyOf(scopes)), SCOPES)
                .scopes();
    }

    /** {@code GET /approvals/inbox}: the pending versions waiting for the signed-in person. */
    public List<InboxItem> inbox() {
        return transport.get("/approvals/inbox", Map.of(), INBOX);
    }

    /** {@code GET /approvals/statistics?days=N}: the dashboard's figures. */
    public KioStatistics statistics(int days) {
        return transport.get("/approvals/statistics", Map.of("days", Integer.toString(days)), STATISTICS);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
