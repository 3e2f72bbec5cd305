package io.keyport.desktop.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

class FxTaskExecutorTest {

    private final FxTaskExecutor executor = new FxTaskExecutor();

    @BeforeAll
    static void startToolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void stop() {
        executor.close();
    }

    @Test
    void workRunsOffTheFxThreadAndItsResultArrivesOnIt() throws Exception {
        CompletableFuture<Boolean> workedOnFxThread = new CompletableFuture<>();
        CompletableFuture<Boolean> deliveredOnFxThread = new CompletableFuture<>();
        CompletableFuture<String> result = new CompletableFuture<>();

        Platform.runLater(() -> executor.execute(
                () -> {
                    workedOnFxThread.complete(Platform.isFxApplicationThread());
                    return "done";
                },
                value -> {
                    deliveredOnFxThread.complete(Platform.isFxApplicationThread());
                    result.complete(value);
                },
                result::completeExceptionally));

        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(workedOnFxThread.getNow(true)).isFalse();
        assertThat(deliveredOnFxThread.getNow(false)).isTrue();
    }

    @Test
    void failureArrivesOnTheFxThread() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        CompletableFuture<Boolean> deliveredOnFxThread = new CompletableFuture<>();

        executor.execute(
                () -> {
                    throw boom;
                },
                value -> failure.complete(new AssertionError("unexpected success: " + value)),
                error -> {
                    deliveredOnFxThread.complete(Platform.isFxApplicationThread());
                    failure.complete(error);
                });

        assertThat(failure.get(10, TimeUnit.SECONDS)).isSameAs(boom);
        assertThat(deliveredOnFxThread.getNow(false)).isTrue();
    }
}
