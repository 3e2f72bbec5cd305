package io.keyport.desktop.shell;

import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.service.Transport;

/**
 * What every feature receives by constructor: the signed-in user, the authenticated transport its
 * domain client wraps, the dialog service and the background executor.
 */
public record FeatureContext(SignedInUser user, Transport transport, DialogService dialogs, TaskExecutor executor) {}
