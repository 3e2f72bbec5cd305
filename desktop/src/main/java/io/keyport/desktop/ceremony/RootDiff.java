package io.keyport.desktop.ceremony;

import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Timestamp;
import io.keyport.model.tuf.TufTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a new root changes against the trusted one, in words a key holder checks before signing
 * ("sign only what you saw"): version, expiry, root keys added and removed, each role's threshold, and
 * the online key. Pure; {@link #lines()} is what the command line prints and the wizard shows.
 */
public record RootDiff(
        long fromVersion,
        long toVersion,
        String fromExpires,
        String toExpires,
        List<String> rootKeysAdded,
        List<String> rootKeysRemoved,
        List<String> thresholds,
        String onlineKeyFrom,
        String onlineKeyTo) {

    public static RootDiff of(Root trusted, Root next) {
        Set<String> before = new LinkedHashSet<>(trusted.role(Root.TYPE).keyIds());
        Set<String> after = new LinkedHashSet<>(next.role(Root.TYPE).keyIds());
        List<String> added = after.stream().filter(k -> !before.contains(k)).toList();
        List<String> removed = before.stream().filter(k -> !after.contains(k)).toList();
        List<String> thresholds = new ArrayList<>();
        for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
            int from = trusted.role(role).threshold();
            int to = next.role(role).threshold();
            if (from != to) {
                thresholds.add(role + " threshold " + from + " -> " + to + " (of "
                        + next.role(role).keyIds().size() + " keys)");
            }
        }
        return new RootDiff(
                trusted.version(),
                next.version(),
                TufTime.format(trusted.expires()),
                TufTime.format(next.expires()),
                added,
                removed,
                thresholds,
                online(trusted),
                online(next));
    }

    private static String online(Root root) {
        List<String> ids = root.role(Timestamp.TYPE).keyIds();
        return ids.isEmpty() ? "(none)" : ids.get(0);
    }

    /** Whether the new root changes nothing but its version and expiry. */
    public boolean onlyRenewal() {
        return rootKeysAdded.isEmpty()
                && rootKeysRemoved.isEmpty()
                && thresholds.isEmpty()
                && onlineKeyFrom.equals(onlineKeyTo);
    }

    /** The difference as lines for people. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("version " + fromVersion + " -> " + toVersion);
        out.add("expires " + fromExpires + " -> " + toExpires);
        rootKeysAdded.forEach(k -> out.add("root key added   " + k));
        rootKeysRemoved.forEach(k -> out.add("root key removed " + k));
        out.addAll(thresholds);
        out.add(
                onlineKeyFrom.equals(onlineKeyTo)
                        ? "online key unchanged " + onlineKeyTo
                        : "online key " + onlineKeyFrom + " -> " + onlineKeyTo);
        return out;
    }
}
