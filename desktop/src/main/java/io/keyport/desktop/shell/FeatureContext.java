package io.keyport.desktop.shell;

import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.service.Transport;
import java.time.Clock;

/**
 * What every feature receives by constructor: the signed-in user, the authenticated transport its
 * domain client wraps, the dialog service, the background executor and the console's clock (ages
 * and expiries shown are read from it, so tests move it).
 */
public record FeatureContext(
        SignedInUser user, Transport transport, DialogService dialogs, TaskExecutor executor, Clock clock) {

    /** On the system clock, for features and tests that show no time. */
    public FeatureContext(SignedInUser user, Transport transport, DialogService dialogs, TaskExecutor executor) {
        this(user, transport, dialogs, executor, Clock.systemUTC());
    }
}
