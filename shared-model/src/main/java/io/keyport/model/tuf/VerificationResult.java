package io.keyport.model.tuf;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The signature status of one role's metadata: which of its keys signed validly and which did not
 * (yet). A ceremony shows {@link #unsigned()} as "who still has to sign".
 *
 * @param signed keyids with a valid signature, each key counted once
 * @param unsigned keyids of the role without a valid signature
 */
public record VerificationResult(String role, int threshold, Set<String> signed, Set<String> unsigned) {

    public VerificationResult {
        signed = Collections.unmodifiableSet(new LinkedHashSet<>(signed));
        unsigned = Collections.unmodifiableSet(new LinkedHashSet<>(unsigned));
    }

    /** Whether the threshold is reached. */
    public boolean verified() {
        return signed.size() >= threshold;
    }

    /** How many more valid signatures are needed; 0 once verified. */
    public int missing() {
        return Math.max(0, threshold - signed.size());
    }
}
