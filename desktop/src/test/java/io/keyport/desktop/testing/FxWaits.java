package io.keyport.desktop.testing;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.testfx.util.WaitForAsyncUtils;

/** Waiting in TestFX tests for what background work shows: a condition with a deadline, never a sleep. */
public final class FxWaits {

    private FxWaits() {}

    /** Waits up to 15 seconds for {@code condition}, then for the JavaFX events it caused. */
    public static void until(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
