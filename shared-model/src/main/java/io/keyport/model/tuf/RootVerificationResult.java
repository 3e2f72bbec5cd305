package io.keyport.model.tuf;

/**
 * The signature status of a new root version: it must reach the threshold of the trusted root and of
 * itself (its own keys and threshold). A ceremony shows both progress bars.
 */
public record RootVerificationResult(VerificationResult trusted, VerificationResult next) {

    /** Whether both thresholds are reached. */
    public boolean verified() {
        return trusted.verified() && next.verified();
    }
}
