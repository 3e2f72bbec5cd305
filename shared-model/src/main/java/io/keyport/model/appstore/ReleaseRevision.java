package io.keyport.model.appstore;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of {@code GET /releases/{id}/history}, newest first, as {@code helm history} shows it.
 *
 * @param revision    Helm's revision number
 * @param updated     when it was deployed
 * @param status      {@code deployed}, {@code superseded} or {@code failed}
 * @param version     the chart version
 * @param appVersion  its appVersion, or null
 * @param description {@code Install complete}, {@code Upgrade complete}, {@code Rollback to 1}
 * @param values      the values of that revision
 * @param by          who asked for it
 */
public record ReleaseRevision(
        int revision,
        String updated,
        String status,
        String version,
        String appVersion,
        String description,
        JsonNode values,
        String by) {}
