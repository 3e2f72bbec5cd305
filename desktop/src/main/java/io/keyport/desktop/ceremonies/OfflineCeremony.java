package io.keyport.desktop.ceremonies;

import atlantafx.base.theme.Styles;
import io.keyport.desktop.concurrent.TaskExecutor;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.layout.VBox;

/**
 * The console's offline mode ({@code keyport-console --offline-ceremony}): only the ceremony wizard,
 * without sign-in, without the bundled server and without any server client, so no code path can open
 * a network connection. Inputs and outputs are files (a USB stick).
 *
 * <p>It also fails closed: the launcher calls {@link io.keyport.desktop.offline.NetworkGuard#lockDownProcess()}
 * before anything else runs,
 * which makes the network guard's selector provider the JVM's and arms {@link NetworkGuard} for the
 * life of the process, so that any attempt (a library's update check, a stray lookup) is refused with
 * a message naming the offline mode instead of leaving the machine (decision 0049).
 */
public final class OfflineCeremony {

    /** The start option. */
    public static final String FLAG = "--offline-ceremony";

    private OfflineCeremony() {}

    /** The wizard for an offline sitting, with {@code actor} as the operator named in the transcript. */
    public static Parent view(TaskExecutor executor, Clock clock, List<KeySourceFactory> sources, String actor) {
        CeremoniesViewModel vm =
                new CeremoniesViewModel(executor, clock, sources, Optional.empty(), actor, (token, tries) -> null);
        CeremoniesView view = new CeremoniesView(vm);
        view.setId("feature-ceremonies");
        return view;
    }

    /**
     * The "Offline ceremony…" choice of the sign-in and first-start screens: a button
     * ({@code #offlineCeremony}, disabled while {@code busy}) that runs {@code open}, and a note
     * ({@code #offlineCeremonyNote}) saying that the console will make no network connection.
     */
    public static VBox choice(ObservableBooleanValue busy, Runnable open) {
        Button offline = new Button("Offline ceremony…");
        offline.setId("offlineCeremony");
        offline.disableProperty().bind(busy);
        offline.setOnAction(event -> open.run());
        Label note = new Label("Sign root keys on this machine without signing in: the key ceremony wizard"
                + " opens in offline mode. The console stops its bundled server, if one runs, and makes no network"
                + " connection until it is closed; files in and out go on a USB stick.");
        note.setId("offlineCeremonyNote");
        note.setWrapText(true);
        note.getStyleClass().add(Styles.TEXT_MUTED);
        return new VBox(6, new Separator(), offline, note);
    }

    /** The operator's name for the transcript: the OS user, as nobody signs in offline. */
    public static String operator() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "operator" : user + " (offline)";
    }
}
