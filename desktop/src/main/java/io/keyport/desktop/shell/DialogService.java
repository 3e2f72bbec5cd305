package io.keyport.desktop.shell;

import java.util.Optional;

/**
 * Every dialog and notification a feature shows goes through here, so view models stay testable
 * (tests pass a recording implementation) and every failure reads the same way.
 */
public interface DialogService {

    /** A failed action: what was attempted, the server's message, what to do; details on demand. */
    void showError(String action, Throwable error);

    /** A short confirmation that an action succeeded (a transient notification). */
    void notify(String message);

    /** Asks a yes/no question; true if the user confirmed. */
    boolean confirm(String title, String question);

    /** Shows a secret once (a generated password, a client secret) with a copy button. */
    void showSecretOnce(String title, String explanation, String secret);

    /** Asks the user to pick a file to save to (exports); empty if cancelled. */
    Optional<java.nio.file.Path> chooseSaveFile(String title, String suggestedName);

    /**
     * Asks for the reason of a grave action (a legal takedown) and its confirmation in one dialog:
     * {@code question} says what will happen, the reason is required (the confirming button stays
     * disabled while it is blank). Empty if cancelled or not offered.
     */
    default Optional<String> askReason(String title, String question, String prompt) {
        return Optional.empty();
    }

    /** Asks the user to pick an existing file to read (uploads); empty if cancelled or not offered. */
    default Optional<java.nio.file.Path> chooseOpenFile(String title) {
        return Optional.empty();
    }
}
