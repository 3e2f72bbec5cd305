package io.keyport.desktop.ceremonies;

import io.keyport.desktop.concurrent.TaskExecutor;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javafx.scene.Parent;

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

    /** The operator's name for the transcript: the OS user, as nobody signs in offline. */
    public static String operator() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "operator" : user + " (offline)";
    }
}
