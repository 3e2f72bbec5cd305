package io.keyport.backend.appstore.service;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * The real Helm: Helm's own Go libraries through helm-java (decision 0044). Installs and upgrades
 * do not wait for readiness (the status reports it); OpenAPI validation is left to the API server,
 * which validates on apply anyway. helm-java 0.0.16 has no rollback, status or history command:
 * rollback is an upgrade to an earlier revision's chart and values, and the history is Keyport's.
 */
public final class HelmEngine implements ReleaseEngine {

    private final Clock clock;

    public HelmEngine(Clock clock) {
        this.clock = clock;
        JvmSignals.capture(); // before Helm's Go runtime is loaded and takes SIGTERM, see call()
    }

    @Override
    public Outcome install(Cluster cluster, String name, Path chart, Path valuesFile) {
        Release r = call(() -> Helm.install(chart.toString())
                .withName(name)
                .withNamespace(cluster.namespace())
                .withKubeConfigContents(cluster.kubeconfig())
                .withValuesFile(valuesFile)
                .withDescription("Install complete")
                .disableOpenApiValidation()
                .call());
        return outcome(r);
    }

    @Override
    public Outcome upgrade(Cluster cluster, String name, Path chart, Path valuesFile, String description) {
        Release r = call(() -> Helm.upgrade(chart.toString())
                .withName(name)
                .withNamespace(cluster.namespace())
                .withKubeConfigContents(cluster.kubeconfig())
                .withValuesFile(valuesFile)
                .resetValues()
                .withDescription(description)
                .disableOpenApiValidation()
                .call());
        return outcome(r);
    }

    @Override
    public void uninstall(Cluster cluster, String name) {
        call(() -> Helm.uninstall(name)
                .withNamespace(cluster.namespace())
                .withKubeConfigContents(cluster.kubeconfig())
                .ignoreNotFound()
                .call());
    }

    @Override
    public String render(String name, String namespace, Path chart, Path valuesFile) {
        return call(() -> Helm.template(chart.toString())
                .withName(name)
                .withNamespace(namespace)
                .withValuesFile(valuesFile)
                .call());
    }

    private Outcome outcome(Release r) {
        int revision;
        try {
            revision = Integer.parseInt(r.getRevision().trim());
        } catch (RuntimeException e) {
            throw new EngineException("Helm reported no revision for " + r.getName(), e);
        }
        Instant deployed = r.getLastDeployed() == null
                ? clock.instant()
                : r.getLastDeployed().toInstant();
        return new Outcome(r.getStatus(), revision, deployed);
    }

    private interface HelmCall<T> {
        T run();
    }

    /** Helm's errors arrive as IllegalStateException with its message; a missing native library as a LinkageError. */
    private static <T> T call(HelmCall<T> work) {
        try {
            return work.run();
        } catch (RuntimeException | LinkageError e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new EngineException(message.length() > 2000 ? message.substring(0, 2000) : message, e);
        } finally {
            JvmSignals.reclaim(); // Helm's Go runtime takes SIGTERM from the JVM when it loads
        }
    }
}
