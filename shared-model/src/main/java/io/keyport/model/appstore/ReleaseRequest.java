package io.keyport.model.appstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The body of {@code POST /releases} (the Uninett App Store design).
 *
 * @param repo        the chart repository; only {@code keyport} exists, and null means it
 * @param packageId   the chart's name (JSON {@code package})
 * @param version     the chart version; null means the newest stable one
 * @param namespace   the deployment target's id ({@code GET /namespaces})
 * @param adminGroups teams whose members may manage the release besides its owner
 * @param values      the values, a JSON object; validated against the chart's values schema
 */
public record ReleaseRequest(
        String repo,

        @com.fasterxml.jackson.annotation.JsonProperty("package")
        String packageId,

        String version,
        String namespace,
        List<String> adminGroups,
        JsonNode values) {}
