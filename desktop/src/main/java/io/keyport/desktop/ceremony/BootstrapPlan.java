package io.keyport.desktop.ceremony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.model.tuf.TufJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a bootstrap decides before any key is added: days each role stays valid, hash bins or custom
 * delegations (RSTUF's {@code settings.roles.delegations}), and the root threshold (at least 2).
 * Defaults are RSTUF's: root 365, targets 365, snapshot 1, timestamp 1, bins 1 day; 256 bins.
 */
public record BootstrapPlan(Map<String, Integer> days, Integer bins, JsonNode delegations, int threshold) {

    static final int MAX_DAYS = 36_500;

    public BootstrapPlan {
        days = Map.copyOf(days);
    }

    /** RSTUF's defaults with {@code bins} hash bins and a threshold. */
    public static BootstrapPlan withBins(int bins, int threshold) {
        Map<String, Integer> days = new LinkedHashMap<>();
        days.put("root", 365);
        days.put("targets", 365);
        days.put("snapshot", 1);
        days.put("timestamp", 1);
        days.put("bins", 1);
        return new BootstrapPlan(days, bins, null, threshold);
    }

    /** RSTUF's default expirations with custom delegations ({@code {"roles": [...]}}) instead of bins. */
    public static BootstrapPlan withDelegations(JsonNode delegations, int threshold) {
        return new BootstrapPlan(withBins(2, threshold).days(), null, delegations, threshold);
    }

    /**
     * Reads and checks a custom delegations file, the one way the command line and the wizard take it:
     * a {@link CeremonyException} naming the file and what is wrong, before any ceremony file is written.
     */
    public static JsonNode readDelegations(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            throw new CeremonyException("cannot read the delegations file " + file + ": " + e.getMessage(), e);
        }
        JsonNode delegations;
        try {
            delegations = TufJson.parse(bytes);
        } catch (RuntimeException e) { // TufException, and any library runtime exception at this parse boundary
            throw new CeremonyException(file.getFileName() + " is not a delegations file: " + e.getMessage(), e);
        }
        try {
            checkDelegations(delegations);
        } catch (CeremonyException e) {
            throw new CeremonyException(file.getFileName() + ": " + e.getMessage(), e);
        }
        return delegations;
    }

    /** The delegated roles' readable lines for a summary: name, paths, threshold, expiry policy. */
    public static List<String> describeDelegations(JsonNode delegations) {
        List<String> lines = new ArrayList<>();
        for (JsonNode role : delegations.path("roles")) {
            List<String> paths = new ArrayList<>();
            role.path("paths").forEach(p -> paths.add(p.asText()));
            role.path("path_hash_prefixes").forEach(p -> paths.add("hash prefix " + p.asText()));
            lines.add("delegated role " + role.path("name").asText() + ": paths " + paths
                    + ", threshold " + role.path("threshold").asInt(1)
                    + (role.path("terminating").asBoolean(false) ? ", terminating" : "")
                    + (role.has("x-rstuf-expire-policy")
                            ? ", expires after "
                                    + role.path("x-rstuf-expire-policy").asInt() + " day(s)"
                            : ""));
        }
        return lines;
    }

    /** This plan with one role's expiration changed. */
    public BootstrapPlan withDays(String role, int value) {
        Map<String, Integer> changed = new LinkedHashMap<>(days);
        changed.put(role, value);
        return new BootstrapPlan(changed, bins, delegations, threshold);
    }

    /** Checks the plan; a {@link CeremonyException} names what to change. */
    void check() {
        if (threshold < 2) {
            throw new CeremonyException("the root threshold must be at least 2 (one lost or stolen key must not be"
                    + " enough): " + threshold);
        }
        for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
            Integer d = days.get(role);
            if (d == null || d < 1 || d > MAX_DAYS) {
                throw new CeremonyException(role + " expiration must be from 1 to " + MAX_DAYS + " days: " + d);
            }
        }
        if ((bins == null) == (delegations == null)) {
            throw new CeremonyException("choose exactly one of hash bins and custom delegations");
        }
        if (bins != null && (bins < 2 || bins > 16_384 || Integer.bitCount(bins) != 1)) {
            throw new CeremonyException("the number of hash bins must be a power of two from 2 to 16384: " + bins);
        }
        if (delegations != null) {
            checkDelegations(delegations);
        }
    }

    private static void checkDelegations(JsonNode delegations) {
        if (!delegations.isObject() || !delegations.path("roles").isArray()) {
            throw new CeremonyException("custom delegations must be {\"roles\": [...]} as RSTUF takes them");
        }
        if (delegations.path("roles").isEmpty()) {
            throw new CeremonyException("custom delegations must name at least one role");
        }
        Set<String> names = new HashSet<>();
        for (JsonNode role : delegations.path("roles")) {
            String name = role.path("name").asText("");
            if (!role.isObject() || !role.path("name").isTextual() || name.isBlank()) {
                throw new CeremonyException("every delegated role needs a \"name\": " + role);
            }
            if (List.of("root", "targets", "snapshot", "timestamp").contains(name)) {
                throw new CeremonyException("a delegated role cannot be called " + name);
            }
            if (!names.add(name)) {
                throw new CeremonyException("the delegated role " + name + " is named twice");
            }
        }
    }

    /** The {@code settings.roles} object of the bootstrap payload. */
    ObjectNode settingsRoles() {
        ObjectNode roles = JsonNodeFactory.instance.objectNode();
        for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
            roles.putObject(role).put("expiration", days.get(role));
        }
        if (bins != null) {
            roles.putObject("bins")
                    .put("expiration", days.getOrDefault("bins", 1))
                    .put("number_of_delegated_bins", bins);
        } else {
            roles.set("delegations", delegations.deepCopy());
        }
        return roles;
    }
}
