package io.keyport.desktop.kio;

import io.keyport.desktop.shell.DialogService;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link DialogService} that records what a feature showed, for view-model and TestFX tests. */
public final class RecordingDialogs implements DialogService {

    /** One {@link #showError} call: the action and the message the user would read. */
    public record Shown(String action, String message) {}

    /** One {@link #showSecretOnce} call. */
    public record Secret(String title, String explanation, String secret) {}

    public final List<Shown> errors = new CopyOnWriteArrayList<>();
    public final List<String> notices = new CopyOnWriteArrayList<>();
    public final List<Secret> secrets = new CopyOnWriteArrayList<>();
    public final List<String> questions = new CopyOnWriteArrayList<>();
    /** What {@link #confirm} answers. */
    public volatile boolean confirmAnswer = true;

    @Override
    public void showError(String action, Throwable error) {
        errors.add(new Shown(action, error.getMessage()));
    }

    @Override
    public void notify(String message) {
        notices.add(message);
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
        return Optional.empty();
    }
}
