package io.keyport.desktop.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The handle of {@link TaskExecutor#submit} through the default implementation, without the JavaFX thread. */
class TaskHandleTest {

    private final DirectTaskExecutor executor = new DirectTaskExecutor();
    private final List<Object> outcomes = new ArrayList<>();

    @Test
    void progressAndMessageReachTheHandleAndSuccessIsReported() {
        TaskHandle h = executor.submit(
                progress -> {
                    progress.update(1, 4, "first quarter");
                    progress.update(3, 4, null);
                    return "done";
                },
                outcomes::add,
                outcomes::add);

        assertThat(outcomes).containsExactly("done");
        assertThat(h.state()).isEqualTo(TaskHandle.State.SUCCEEDED);
        assertThat(h.progressProperty().get()).isEqualTo(1.0);
        assertThat(h.messageProperty().get()).isEqualTo("first quarter");
    }

    @Test
    void aFailureIsReportedOnce() {
        IllegalStateException boom = new IllegalStateException("boom");

        TaskHandle h = executor.submit(
                progress -> {
                    throw boom;
                },
                outcomes::add,
                outcomes::add);

        assertThat(outcomes).containsExactly(boom);
        assertThat(h.state()).isEqualTo(TaskHandle.State.FAILED);
    }

    @Test
    void cancelledWorkCallsNeitherCallback() {
        List<Runnable> later = new ArrayList<>();
        TaskExecutor deferred = new TaskExecutor() {
            @Override
            public <T> void execute(
                    java.util.concurrent.Callable<? extends T> work,
                    java.util.function.Consumer<? super T> onSuccess,
                    java.util.function.Consumer<? super Throwable> onFailure) {
                later.add(() -> executor.execute(work, onSuccess, onFailure));
            }
        };
        AtomicReference<Boolean> sawCancel = new AtomicReference<>();
        TaskHandle h = deferred.submit(
                progress -> {
                    sawCancel.set(progress.cancelled());
                    return "too late";
                },
                outcomes::add,
                outcomes::add);

        h.cancel();
        later.forEach(Runnable::run);

        assertThat(sawCancel.get()).as("the work can see the cancel").isTrue();
        assertThat(outcomes).isEmpty();
        assertThat(h.state()).isEqualTo(TaskHandle.State.CANCELLED);
    }
}
