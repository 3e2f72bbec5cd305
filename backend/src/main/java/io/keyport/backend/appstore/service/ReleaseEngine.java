package io.keyport.backend.appstore.service;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What releases need from Helm: install, upgrade, uninstall into a cluster, and rendering a chart
 * without one. {@link HelmEngine} is the real Helm; every method blocks until Helm answered and
 * throws {@link EngineException} with Helm's message when it refuses or fails. Nothing here knows
 * about owners, tasks or the database.
 */
public interface ReleaseEngine {

    /**
     * Where to deploy: the kubeconfig's content (never logged) and the namespace.
     */
    record Cluster(String kubeconfig, String namespace) {
        @Override
        public String toString() {
            return "Cluster[namespace=" + namespace + "]";
        }
    }

    /** What Helm reported after a change: its status and revision, and when. */
    record Outcome(String status, int revision, Instant deployed) {}

    /** Installs {@code chart} (a packaged .tgz) as release {@code name} with {@code valuesFile} (JSON). */
    Outcome install(Cluster cluster, String name, Path chart, Path valuesFile);

    /** Upgrades release {@code name} to {@code chart} with exactly the values of {@code valuesFile}. */
    Outcome upgrade(Cluster cluster, String name, Path chart, Path valuesFile, String description);

    /** Uninstalls release {@code name}; a release that is not there is not an error. */
    void uninstall(Cluster cluster, String name);

    /** The manifests Helm renders for {@code chart} and {@code valuesFile}, without a cluster. */
    String render(String name, String namespace, Path chart, Path valuesFile);

    /** Helm refused or failed; the message is Helm's, fit to show to the caller. */
    final class EngineException extends RuntimeException {
        public EngineException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
