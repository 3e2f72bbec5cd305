package io.keyport.backend.appstore.service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Gives the JVM back the signals that stop it. helm-java's native library carries a Go runtime,
 * which installs its own signal handlers when it is loaded into the process; from then on SIGTERM
 * reached Go and not the JVM, and the server ignored it until it was killed (decision 0056).
 *
 * <p>{@link #capture()} reads the Java-level handler of each shutdown signal (the JVM's, which runs
 * the shutdown hooks) before Helm is ever loaded; {@link #reclaim()}, after every Helm call, registers
 * it again, which puts the JVM's native handler back in place of Go's.
 */
final class JvmSignals {

    private static final Logger LOG = Logger.getLogger(JvmSignals.class.getName());

    /** The signals on which the JVM runs its shutdown hooks. */
    private static final List<String> SHUTDOWN = List.of("TERM", "INT", "HUP");

    private static final Map<String, SignalHandler> JAVA = new LinkedHashMap<>();

    private JvmSignals() {}

    /**
     * Reads the Java-level handlers while the JVM's native handlers are in place (before the first
     * Helm call); later calls change nothing. A signal arriving meanwhile is raised again.
     */
    static synchronized void capture() {
        if (!JAVA.isEmpty()) {
            return;
        }
        for (String name : SHUTDOWN) {
            try {
                Signal signal = new Signal(name);
                AtomicBoolean arrived = new AtomicBoolean();
                SignalHandler java = Signal.handle(signal, s -> arrived.set(true));
                Signal.handle(signal, java);
                JAVA.put(name, java);
                if (arrived.get()) {
                    Signal.raise(signal);
                }
            } catch (IllegalArgumentException e) {
                // the JVM keeps this signal to itself here (-Xrs, or used by the VM): nothing to take back
                LOG.log(Level.FINE, "signal SIG" + name + " left as it is: " + e.getMessage());
            }
        }
    }

    /** Registers the captured handlers again, in place of whatever a native library installed since. */
    static synchronized void reclaim() {
        JAVA.forEach((name, java) -> {
            try {
                Signal.handle(new Signal(name), java);
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "SIG" + name + " could not be given back to the JVM: " + e.getMessage());
            }
        });
    }
}
