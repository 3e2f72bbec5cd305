package io.keyport.desktop.firststart;

import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.session.Session;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The first start of the bundled server: there is no database yet, so the user chooses the first
 * admin's password (twice, against the server's rule), then the server starts with it as the
 * password of user {@code admin} and the console signs in with it.
 */
public final class FirstStartViewModel {

    private static final Logger LOG = Logger.getLogger(FirstStartViewModel.class.getName());

    /** The server's password rule (identity Validation): 8 to 1024 characters. */
    public static final int MIN_LENGTH = 8;

    public static final int MAX_LENGTH = 1024;
    public static final String RULE = "At least " + MIN_LENGTH + " characters (a passphrase of several words is best).";

    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final StringProperty repeated = new SimpleStringProperty(this, "repeated", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    private final StringBinding problem = Bindings.createStringBinding(this::problem, password, repeated);
    private final BooleanBinding canStart = problem.isEmpty().and(busy.not());

    private final TaskExecutor executor;
    private final Function<String, Session> startAndSignIn;
    private final Consumer<Session> onSignedIn;
    private Runnable offlineCeremony;

    /**
     * @param startAndSignIn starts the bundled server with the chosen password and signs in as
     *        {@code admin} (blocking; run in the background)
     * @param onSignedIn gets the session, on the executor's callback thread
     */
    public FirstStartViewModel(
            TaskExecutor executor, Function<String, Session> startAndSignIn, Consumer<Session> onSignedIn) {
        this.executor = Objects.requireNonNull(executor);
        this.startAndSignIn = Objects.requireNonNull(startAndSignIn);
        this.onSignedIn = Objects.requireNonNull(onSignedIn);
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty repeatedProperty() {
        return repeated;
    }

    /** What is wrong with the input, shown under the fields; empty when it is fine. */
    public StringBinding problemProperty() {
        return problem;
    }

    public BooleanBinding canStartProperty() {
        return canStart;
    }

    /**
     * Offers the "Offline ceremony" choice (before the view is built): {@code open} switches the console
     * to its offline mode; it does not run while the server starts.
     */
    public void onOfflineCeremony(Runnable open) {
        Objects.requireNonNull(open);
        offlineCeremony = () -> {
            if (!busy.get()) {
                open.run();
            }
        };
    }

    /** The offline ceremony choice, if offered. */
    public java.util.Optional<Runnable> offlineCeremony() {
        return java.util.Optional.ofNullable(offlineCeremony);
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** What happens now, or why starting failed. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Starts the server with the chosen password and signs in, in the background. */
    public void start() {
        if (!canStart.get()) {
            return;
        }
        String chosen = password.get();
        busy.set(true);
        status.set("Starting the server and creating user admin …");
        executor.execute(
                () -> startAndSignIn.apply(chosen),
                session -> {
                    busy.set(false);
                    password.set("");
                    repeated.set("");
                    status.set("Signed in as admin");
                    onSignedIn.accept(session);
                },
                error -> {
                    busy.set(false);
                    if (error instanceof BackendException || error instanceof IllegalArgumentException) {
                        status.set("Starting failed: " + error.getMessage());
                    } else {
                        LOG.log(Level.SEVERE, "the bundled server did not start", error);
                        status.set("Starting failed: " + error + " (details in the log)");
                    }
                });
    }

    private String problem() {
        String chosen = password.get() == null ? "" : password.get();
        String again = repeated.get() == null ? "" : repeated.get();
        if (chosen.length() < MIN_LENGTH) {
            return "The password needs at least " + MIN_LENGTH + " characters (" + chosen.length() + " so far).";
        }
        if (chosen.length() > MAX_LENGTH) {
            return "The password may have at most " + MAX_LENGTH + " characters.";
        }
        if (chosen.isBlank()) {
            return "The password must not be only spaces.";
        }
        if (!chosen.equals(again)) {
            return again.isEmpty() ? "Type the password a second time." : "The two passwords differ.";
        }
        return "";
    }
}
