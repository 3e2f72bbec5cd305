package io.keyport.backend.http;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which error family a route group answers in, for failures without a code of their own (a
 * database refusal, a request Helidon rejected, an internal error). A group is a path prefix; the
 * longest registered prefix wins; the STUPS family ({@link KioError#FAMILY}) answers elsewhere.
 * Domains whose API has its own error shape (OCI distribution under {@code /v2/}, RSTUF under
 * {@code /api/v1/}) register their family here when they are wired.
 */
public final class ErrorFamilies {

    private final Map<String, ErrorFamily> byPrefix = new TreeMap<>();
    private final Map<String, ErrorFamily> exact = new TreeMap<>();

    /** Routes whose path starts with {@code prefix} answer in {@code family}. */
    public synchronized ErrorFamilies register(String prefix, ErrorFamily family) {
        if (byPrefix.putIfAbsent(prefix, family) != null) {
            throw new IllegalStateException("the route group " + prefix + " already has an error family");
        }
        return this;
    }

    /**
     * Exactly the path {@code path} answers in {@code family}, before any prefix: for an API whose
     * root shares its prefix with another's routes ({@code /api/v1} is kploy's, {@code /api/v1/...}
     * mostly RSTUF's).
     */
    public synchronized ErrorFamilies registerExact(String path, ErrorFamily family) {
        if (exact.putIfAbsent(path, family) != null) {
            throw new IllegalStateException("the path " + path + " already has an error family");
        }
        return this;
    }

    /** The family of a request path. */
    public synchronized ErrorFamily forPath(String path) {
        ErrorFamily exactly = exact.get(path);
        if (exactly != null) {
            return exactly;
        }
        ErrorFamily best = KioError.FAMILY;
        int bestLength = -1;
        for (Map.Entry<String, ErrorFamily> entry : byPrefix.entrySet()) {
            if (path.startsWith(entry.getKey()) && entry.getKey().length() > bestLength) {
                best = entry.getValue();
                bestLength = entry.getKey().length();
            }
        }
        return best;
    }
}
