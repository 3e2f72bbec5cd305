package io.keyport.backend.tuf.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Kio artifact read as an image of Keyport's registry (decision 0039):
 * {@code docker://[host/]<team>/<artifact>(:<tag> | @<digest>)}. The host, if any, is one leading
 * component that is not compared with the server's name, so the repository is tried with it first
 * and then without it ({@link #repositories}); no tag means {@code latest}. Pure and total: any
 * string is either a reference or empty.
 */
public record ImageReference(List<String> repositories, String reference) {

    private static final String SCHEME = "docker://";

    public static Optional<ImageReference> parse(String artifact) {
        if (artifact == null || !artifact.startsWith(SCHEME)) {
            return Optional.empty();
        }
        String rest = artifact.substring(SCHEME.length());
        String name;
        String reference;
        int at = rest.indexOf('@');
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (at >= 0) {
            name = rest.substring(0, at);
            reference = rest.substring(at + 1);
        } else if (colon > slash) {
            name = rest.substring(0, colon);
            reference = rest.substring(colon + 1);
        } else {
            name = rest;
            reference = "latest";
        }
        if (name.isEmpty() || reference.isEmpty()) {
            return Optional.empty();
        }
        List<String> repositories = new ArrayList<>(List.of(name));
        int first = name.indexOf('/');
        if (first > 0 && name.indexOf('/', first + 1) > 0) {
            repositories.add(name.substring(first + 1));
        }
        return Optional.of(new ImageReference(List.copyOf(repositories), reference));
    }
}
