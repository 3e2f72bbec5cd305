package io.keyport.backend.tuf.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.keyport.model.common.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a bootstrap fixed about the repository, stored as JSON in the repository row: the expiration
 * in days of each role (top-level roles, {@code bins}, each custom role by name), and either the
 * number of hash bins or the custom delegated roles (all signed by the online key), plus the root's
 * threshold and number of keys for {@code GET /api/v1/config}.
 *
 * @param expiration     role (or {@code bins}) to days
 * @param numberOfBins   a power of two from 2 to 16384, or null with custom delegations
 * @param delegations    the custom roles in priority order, or null with hash bins
 * @param retiredRoles   custom roles deleted through {@code POST /api/v1/delegations/delete}, whose
 *                       names are never used again (as RSTUF); null in settings stored before 0037
 */
public record RepositorySettings(
        Map<String, Integer> expiration,
        Integer numberOfBins,
        List<CustomRole> delegations,
        int rootThreshold,
        int rootNumKeys,
        List<String> retiredRoles) {

    /** A custom delegated role signed by the online key: which target paths (globs) it holds. */
    public record CustomRole(String name, boolean terminating, List<String> paths) {}

    public RepositorySettings {
        expiration = Map.copyOf(expiration);
        delegations = delegations == null ? null : List.copyOf(delegations);
        retiredRoles = retiredRoles == null ? List.of() : List.copyOf(retiredRoles);
    }

    /** These settings with the root's threshold and number of keys of a newly published root. */
    public RepositorySettings withRoot(int threshold, int numKeys) {
        return new RepositorySettings(expiration, numberOfBins, delegations, threshold, numKeys, retiredRoles);
    }

    /** These settings with other custom roles (and expirations); {@code retired} names are added to the retired. */
    public RepositorySettings withDelegations(
            List<CustomRole> roles, Map<String, Integer> newExpiration, List<String> retired) {
        List<String> allRetired = new java.util.ArrayList<>(retiredRoles);
        allRetired.addAll(retired);
        return new RepositorySettings(newExpiration, numberOfBins, roles, rootThreshold, rootNumKeys, allRetired);
    }

    /** The expiration in days of a role: a bin uses {@code bins}. */
    public int days(String role) {
        Integer days = expiration.get(role);
        if (days == null && numberOfBins != null && role.startsWith("bins-")) {
            days = expiration.get("bins");
        }
        if (days == null) {
            throw new IllegalStateException("no expiration for role " + role);
        }
        return days;
    }

    /** These settings with some expirations changed. */
    public RepositorySettings withExpirations(Map<String, Integer> changed) {
        Map<String, Integer> copy = new LinkedHashMap<>(expiration);
        copy.putAll(changed);
        return new RepositorySettings(copy, numberOfBins, delegations, rootThreshold, rootNumKeys, retiredRoles);
    }

    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("settings always serialise", e);
        }
    }

    public static RepositorySettings fromJson(String json) {
        try {
            return Json.mapper().readValue(json, RepositorySettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored TUF settings are not readable: " + e.getOriginalMessage(), e);
        }
    }
}
