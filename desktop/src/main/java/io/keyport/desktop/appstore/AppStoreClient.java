package io.keyport.desktop.appstore;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.service.Transport;
import io.keyport.model.appstore.DeploymentTarget;
import io.keyport.model.appstore.Package;
import io.keyport.model.appstore.PackageDetail;
import io.keyport.model.appstore.Release;
import io.keyport.model.appstore.ReleaseDryRun;
import io.keyport.model.appstore.ReleaseRequest;
import io.keyport.model.appstore.ReleaseRevision;
import io.keyport.model.appstore.ReleaseStatus;
import io.keyport.model.appstore.ReleaseUpgrade;
import io.keyport.model.appstore.RollbackRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The App Store API (docs/appstore.md): the catalogue ({@code /packages}), the deployment targets
 * ({@code /namespaces}) and the releases ({@code /releases}). Every call blocks and throws
 * {@link BackendException} with the server's message; run it through a {@code TaskExecutor}.
 */
public final class AppStoreClient {

    private static final TypeReference<List<Package>> PACKAGES = new TypeReference<>() {};
    private static final TypeReference<PackageDetail> DETAIL = new TypeReference<>() {};
    private static final TypeReference<List<DeploymentTarget>> TARGETS = new TypeReference<>() {};
    private static final TypeReference<List<Release>> RELEASES = new TypeReference<>() {};
    private static final TypeReference<Release> RELEASE = new TypeReference<>() {};
    private static final TypeReference<ReleaseStatus> STATUS = new TypeReference<>() {};
    private static final TypeReference<List<ReleaseRevision>> HISTORY = new TypeReference<>() {};
    private static final TypeReference<ReleaseDryRun> DRY_RUN = new TypeReference<>() {};

    private final Transport transport;

    public AppStoreClient(Transport transport) {
        this.transport = Objects.requireNonNull(transport);
    }

    /** The packages matching {@code query} (all when blank), by name. */
    public List<Package> packages(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query", query == null || query.isBlank() ? null : query.trim());
        return transport.get("/packages", params, PACKAGES);
    }

    /** A package with the readme, values and schema of {@code version} (null: the newest stable one). */
    public PackageDetail detail(String id, String version) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("version", version);
        return transport.get("/packages/" + URLEncoder.encode(id, StandardCharsets.UTF_8), params, DETAIL);
    }

    /** The deployment targets the caller may install into (admins: all). */
    public List<DeploymentTarget> namespaces() {
        return transport.get("/namespaces", Map.of(), TARGETS);
    }

    /** The releases the caller owns or manages (admins: all). */
    public List<Release> releases() {
        return transport.get("/releases", Map.of(), RELEASES);
    }

    public Release release(String id) {
        return transport.get(release(id, ""), Map.of(), RELEASE);
    }

    /** Helm's status of the release with its resources and their readiness. */
    public ReleaseStatus status(String id) {
        return transport.get(release(id, "/status"), Map.of(), STATUS);
    }

    /** The revisions of the release, newest first. */
    public List<ReleaseRevision> history(String id) {
        return transport.get(release(id, "/history"), Map.of(), HISTORY);
    }

    /** Enqueues an install; the answer is {@code pending-install}. */
    public Release install(ReleaseRequest request) {
        return transport.post("/releases", request, RELEASE);
    }

    /** What {@link #upgrade} would deploy: the manifests and the values difference. Changes nothing. */
    public ReleaseDryRun dryRun(String id, ReleaseUpgrade upgrade) {
        return transport.post(release(id, "/dry-run"), upgrade, DRY_RUN);
    }

    /** Enqueues an upgrade; values not given are kept. */
    public Release upgrade(String id, ReleaseUpgrade upgrade) {
        return transport.patch(release(id, ""), upgrade, RELEASE);
    }

    /** Enqueues a rollback to {@code revision} (deployed as a new revision). */
    public Release rollback(String id, int revision) {
        return transport.post(release(id, "/rollback"), new RollbackRequest(revision), RELEASE);
    }

    /** Enqueues the uninstall; the release goes when Helm is done. */
    public void uninstall(String id) {
        transport.delete(release(id, ""));
    }

    private static String release(String id, String tail) {
        return "/releases/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + tail;
    }
}
