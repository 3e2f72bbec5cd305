package io.keyport.desktop.ceremony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        if (delegations != null
                && (!delegations.isObject() || !delegations.path("roles").isArray())) {
            throw new CeremonyException("custom delegations must be {\"roles\": [...]} as RSTUF takes them");
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
