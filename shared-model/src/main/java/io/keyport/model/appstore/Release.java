package io.keyport.model.appstore;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A release as {@code POST /releases} answers it and {@code GET /releases/{id}} shows it: the
 * accepted request with the resolved chart version, the generated id and the owner, plus the state
 * of its last operation.
 *
 * @param id          the generated name (adjective-colour-animal, DNS-1123)
 * @param owner       the uid of who installed it
 * @param repo        the chart repository ({@code keyport})
 * @param packageId   the chart's name (JSON {@code package})
 * @param version     the chart version deployed (or being deployed)
 * @param appVersion  that chart version's {@code appVersion}, or null
 * @param namespace   the deployment target's id
 * @param adminGroups the teams that manage it besides the owner
 * @param values      the values given (not the chart's defaults)
 * @param status      Helm's status of the release, or a pending one while a task runs
 * @param revision    Helm's revision, 0 before the first install finished
 * @param task        the id of the running task, or null
 * @param error       why the last operation failed, or null
 */
public record Release(
        String id,
        String owner,
        String repo,
        @JsonProperty("package") String packageId,
        String version,
        String appVersion,
        String namespace,
        List<String> adminGroups,
        JsonNode values,
        String status,
        int revision,
        Long task,
        String error) {}
