package io.keyport.model.appstore;

/**
 * One resource of a release's manifest and whether the cluster reports it ready.
 *
 * @param apiVersion its API version
 * @param kind       its kind
 * @param name       its name
 * @param namespace  its namespace
 * @param ready      true when ready (workloads: ready replicas; others: present), false when not
 *                   or missing, null when the cluster could not be asked
 * @param detail     why it is not ready (e.g. {@code 1/3 replicas ready}), or null
 */
public record ReleaseResource(
        String apiVersion, String kind, String name, String namespace, Boolean ready, String detail) {}
