package io.keyport.model.appstore;

import java.util.List;

/**
 * One entry of {@code GET /namespaces}: a namespace of a Kubernetes cluster that releases may be
 * installed into, and the teams allowed to use it.
 *
 * @param id          the target's id
 * @param cluster     the cluster's name
 * @param namespace   the Kubernetes namespace
 * @param description what it is for, or null
 * @param teams       the teams allowed to deploy there
 * @param kubeconfig  where the server finds the cluster's kubeconfig; shown to admins only (null otherwise)
 */
public record DeploymentTarget(
        String id, String cluster, String namespace, String description, List<String> teams, String kubeconfig) {}
