package io.keyport.desktop.testing;

import io.keyport.desktop.shell.DialogService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A {@link DialogService} for tests: records what a view model showed, answers confirmations and
 * save-file questions as the test set them up, and never opens a window. Thread-safe enough for
 * one feature under test (the lists are synchronised).
 */
public final class RecordingDialogs implements DialogService {

    /** One error shown: what was attempted and the failure. */
    public record Error(String action, Throwable error) {}

    /** One secret shown once. */
    public record Secret(String title, String explanation, String secret) {}

    public final List<Error> errors = Collections.synchronizedList(new ArrayList<>());
    public final List<String> notifications = Collections.synchronizedList(new ArrayList<>());
    public final List<String> questions = Collections.synchronizedList(new ArrayList<>());
    public final List<Secret> secrets = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean confirmAnswer = true;
    private volatile Path saveTo;
    private volatile Path openFrom;
    private volatile String reason;

    /** What {@link #confirm} answers from now on (true by default). */
    public RecordingDialogs answering(boolean answer) {
        confirmAnswer = answer;
        return this;
    }

    /** The file {@link #chooseSaveFile} picks from now on; null cancels (the default). */
    public RecordingDialogs savingTo(Path file) {
        saveTo = file;
        return this;
    }

    /** The reason {@link #askReason} answers from now on; null cancels (the default). */
    public RecordingDialogs givingReason(String reason) {
        this.reason = reason;
        return this;
    }

    @Override
    public Optional<String> askReason(String title, String question, String prompt) {
        questions.add(question);
        return Optional.ofNullable(reason);
    }

    /** The file {@link #chooseOpenFile} picks from now on; null cancels (the default). */
    public RecordingDialogs openingFrom(Path file) {
        openFrom = file;
        return this;
    }

    @Override
    public Optional<Path> chooseOpenFile(String title) {
        return Optional.ofNullable(openFrom);
    }

    @Override
    public void showError(String action, Throwable error) {
        errors.add(new Error(action, error));
    }

    @Override
    public void notify(String message) {
        notifications.add(message);
    }

    @Override
    public boolean confirm(String title, String question) {
        questions.add(question);
        return confirmAnswer;
    }

    @Override
    public void showSecretOnce(String title, String explanation, String secret) {
        secrets.add(new Secret(title, explanation, secret));
    }

    @Override
    public Optional<Path> chooseSaveFile(String title, String suggestedName) {
        return Optional.ofNullable(saveTo);
    }
}
