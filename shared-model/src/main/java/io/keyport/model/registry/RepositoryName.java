package io.keyport.model.registry;

import java.util.regex.Pattern;

/**
 * A repository name (OCI distribution-spec "name"): path components of lower-case letters and
 * digits joined by {@code .}, {@code _}, {@code __} or dashes, separated by {@code /}. Keyport
 * needs at least two components: the first is the team that owns the repository, the rest the
 * artifact ({@code team/app}, {@code team/group/app}). At most 255 characters.
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {

    public static final int MAX_LENGTH = 255;

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*");

    public RepositoryName {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Parses a name; {@link IllegalArgumentException} naming what is wrong. */
    public static RepositoryName parse(String value) {
        return new RepositoryName(value);
    }

    /** Whether {@code value} is a valid name. */
    public static boolean isValid(String value) {
        return problem(value) == null;
    }

    private static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "a repository name is required";
        }
        if (value.length() > MAX_LENGTH) {
            return "a repository name has at most " + MAX_LENGTH + " characters";
        }
        String[] components = value.split("/", -1);
        if (components.length < 2) {
            return "a repository name is <team>/<artifact>: " + value;
        }
        for (String component : components) {
            if (!COMPONENT.matcher(component).matches()) {
                return "invalid repository name component '" + component + "' in " + value;
            }
        }
        return null;
    }

    /** The owning team: the first component. */
    public String team() {
        return value.substring(0, value.indexOf('/'));
    }

    /** Everything after the team. */
    public String artifact() {
        return value.substring(value.indexOf('/') + 1);
    }

    @Override
    public int compareTo(RepositoryName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
