package io.keyport.desktop.ceremonies;

import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.offline.GuardedSelectorProvider;
import io.keyport.desktop.offline.NetworkGuard;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Parent;

/**
 * The console's offline mode ({@code keyport-console --offline-ceremony}): only the ceremony wizard,
 * without sign-in, without the bundled server and without any server client, so no code path can open
 * a network connection. Inputs and outputs are files (a USB stick).
 *
 * <p>It also fails closed: the launcher calls {@link #lockDownProcess()} before anything else runs,
 * which makes the network guard's selector provider the JVM's and arms {@link NetworkGuard} for the
 * life of the process, so that any attempt (a library's update check, a stray lookup) is refused with
 * a message naming the offline mode instead of leaving the machine (decision 0049).
 */
public final class OfflineCeremony {

    /** The start option. */
    public static final String FLAG = "--offline-ceremony";

    private static final AtomicReference<NetworkGuard.Armed> PROCESS_LOCK = new AtomicReference<>();

    private OfflineCeremony() {}

    /**
     * Locks this process's network down for an offline sitting: first thing in {@code main}, before any
     * channel is opened, so that the guard's selector provider becomes the JVM's. Throws if a hook
     * could not be put in place (the process must then not go on as "offline").
     */
    public static NetworkGuard.Armed lockDownProcess() {
        if (System.getProperty(NetworkGuard.PROVIDER_PROPERTY) == null) {
            System.setProperty(NetworkGuard.PROVIDER_PROPERTY, GuardedSelectorProvider.class.getName());
        }
        NetworkGuard.Armed armed = PROCESS_LOCK.updateAndGet(a -> a != null ? a : NetworkGuard.arm());
        if (!armed.complete()) {
            throw new IllegalStateException("Offline ceremony mode cannot guard the network of this process: only "
                    + armed.hooks() + " of " + java.util.EnumSet.allOf(NetworkGuard.Hook.class)
                    + " are in place. Start the console with " + FLAG + " as its first option.");
        }
        return armed;
    }

    /** The process's lock of {@link #lockDownProcess()}, if it ran. */
    public static Optional<NetworkGuard.Armed> processLock() {
        return Optional.ofNullable(PROCESS_LOCK.get());
    }

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
