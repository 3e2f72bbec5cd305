package io.keyport.model.appstore;

import java.util.List;

/**
 * The answer of {@code POST /releases/{id}/dry-run}: what an upgrade would deploy, without
 * deploying it.
 *
 * @param version  the chart version it would deploy
 * @param manifest the manifests Helm renders with the new values
 * @param changes  the values difference, one entry per changed leaf
 */
public record ReleaseDryRun(String version, String manifest, List<ValueChange> changes) {

    /**
     * One changed value.
     *
     * @param path   JSON pointer of the value ({@code /image/tag})
     * @param op     {@code add}, {@code remove} or {@code replace}
     * @param before the current value (null for add)
     * @param after  the new value (null for remove)
     */
    public record ValueChange(String path, String op, Object before, Object after) {}
}
