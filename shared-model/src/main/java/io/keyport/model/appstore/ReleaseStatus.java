package io.keyport.model.appstore;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /releases/{id}/status}, like {@code helm status}: what Helm reports for the release
 * and the resources of its manifest with their readiness in the cluster.
 *
 * @param name         the release's id
 * @param lastDeployed when its current revision was deployed, or null
 * @param namespace    the Kubernetes namespace
 * @param status       Helm's status ({@code deployed}, {@code failed}, {@code pending-install}, ...)
 * @param revision     Helm's revision
 * @param resources    the resources of the deployed manifest
 * @param extensions   third-party provisioned resources by provisioner (empty when none)
 * @param error        why the last operation failed (as {@link Release#error()}), or null
 */
public record ReleaseStatus(
        String name,
        String lastDeployed,
        String namespace,
        String status,
        int revision,
        List<ReleaseResource> resources,
        Map<String, Object> extensions,
        String error) {}
