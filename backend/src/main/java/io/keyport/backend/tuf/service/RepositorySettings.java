package io.keyport.backend.tuf.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
 * @param delegationKeys the offline keys custom roles name, keyid to the TUF key object as given
 *                       (decision 0058); empty when every custom role is signed by the online key
 */
public record RepositorySettings(
        Map<String, Integer> expiration,
        Integer numberOfBins,
        List<CustomRole> delegations,
        int rootThreshold,
        int rootNumKeys,
        List<String> retiredRoles,
        Map<String, JsonNode> delegationKeys) {

    /**
     * A custom delegated role: which target paths (globs) it holds, and who signs it: the online key
     * ({@code keyids} empty or null, as stored before decision 0058) or a {@code threshold} of the
     * offline {@code keyids}, whose signatures arrive through {@code POST /api/v1/metadata/sign}.
     */
    public record CustomRole(
            String name, boolean terminating, List<String> paths, List<String> keyids, Integer threshold) {

        public CustomRole {
            keyids = keyids == null ? List.of() : List.copyOf(keyids);
        }

        /** A role signed by the online key. */
        public CustomRole(String name, boolean terminating, List<String> paths) {
            this(name, terminating, paths, List.of(), null);
        }

        /** Whether offline keys sign this role (its versions wait for their signatures). */
        @JsonIgnore
        public boolean offline() {
            return !keyids.isEmpty();
        }
    }

    public RepositorySettings {
        expiration = Map.copyOf(expiration);
        delegations = delegations == null ? null : List.copyOf(delegations);
        retiredRoles = retiredRoles == null ? List.of() : List.copyOf(retiredRoles);
        delegationKeys = delegationKeys == null ? Map.of() : Map.copyOf(delegationKeys);
    }

    public RepositorySettings(
            Map<String, Integer> expiration,
            Integer numberOfBins,
            List<CustomRole> delegations,
            int rootThreshold,
            int rootNumKeys,
            List<String> retiredRoles) {
        this(expiration, numberOfBins, delegations, rootThreshold, rootNumKeys, retiredRoles, Map.of());
    }

    /** The custom role named {@code name} if it is signed by offline keys. */
    public java.util.Optional<CustomRole> offlineRole(String name) {
        return delegations == null
                ? java.util.Optional.empty()
                : delegations.stream()
                        .filter(r -> r.name().equals(name) && r.offline())
                        .findFirst();
    }

    /** These settings with the root's threshold and number of keys of a newly published root. */
    public RepositorySettings withRoot(int threshold, int numKeys) {
        return new RepositorySettings(
                expiration, numberOfBins, delegations, threshold, numKeys, retiredRoles, delegationKeys);
    }

    /**
     * These settings with other custom roles (and expirations); {@code retired} names are added to the
     * retired; of the known and the {@code added} offline keys only those a role names are kept.
     */
    public RepositorySettings withDelegations(
            List<CustomRole> roles,
            Map<String, Integer> newExpiration,
            List<String> retired,
            Map<String, JsonNode> addedKeys) {
        List<String> allRetired = new java.util.ArrayList<>(retiredRoles);
        allRetired.addAll(retired);
        Map<String, JsonNode> known = new LinkedHashMap<>(delegationKeys);
        known.putAll(addedKeys);
        Map<String, JsonNode> keys = new LinkedHashMap<>();
        roles.forEach(r -> r.keyids().forEach(id -> keys.put(id, known.get(id))));
        return new RepositorySettings(newExpiration, numberOfBins, roles, rootThreshold, rootNumKeys, allRetired, keys);
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
        return new RepositorySettings(
                copy, numberOfBins, delegations, rootThreshold, rootNumKeys, retiredRoles, delegationKeys);
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
