package io.keyport.model.appstore;

import java.util.List;

/**
 * The body of {@code PUT /namespaces/{id}} (admins): the whole target, replacing what was there.
 *
 * @param cluster     the cluster's name
 * @param kubeconfig  a reference to the kubeconfig ({@code file:/etc/keyport/kube/prod.yaml}), never its content
 * @param namespace   the Kubernetes namespace (DNS-1123 label)
 * @param description optional
 * @param teams       the teams allowed to deploy there (may be empty)
 */
public record DeploymentTargetRequest(
        String cluster, String kubeconfig, String namespace, String description, List<String> teams) {}
