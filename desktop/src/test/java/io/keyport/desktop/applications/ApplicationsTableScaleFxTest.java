package io.keyport.desktop.applications;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.desktop.approvals.VersionsViewModel;
import io.keyport.desktop.concurrent.FxTaskExecutor;
import io.keyport.desktop.kio.ApplicationRow;
import io.keyport.desktop.kio.KioClient;
import io.keyport.desktop.service.Transport;
import io.keyport.desktop.shell.SignedInUser;
import io.keyport.desktop.testing.RecordingDialogs;
import io.keyport.model.kio.Application;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * 100,000 applications in the Applications view: the table virtualises (a screenful of row cells,
 * not one per application) and a jump across it costs what it costs with 1,000 rows. The rows come from a
 * transport that answers {@code GET /apps} with 100,000 records, so the figure is the console's own.
 */
@ExtendWith(ApplicationExtension.class)
class ApplicationsTableScaleFxTest {

    static final int ROWS = 100_000;

    private final FxTaskExecutor executor = new FxTaskExecutor();
    private final ManyApplications transport = new ManyApplications();
    private ApplicationsViewModel vm;

    @Start
    void show(Stage stage) {
        KioClient client = new KioClient(transport);
        SignedInUser user = new SignedInUser("http://test", "ana", "/employees", false, Set.of("team-0"));
        RecordingDialogs dialogs = new RecordingDialogs();
        vm = new ApplicationsViewModel(client, dialogs, executor, user);
        ApplicationsView view = new ApplicationsView(
                vm,
                existing -> new ApplicationFormViewModel(client, dialogs, executor, existing),
                new VersionsViewModel(client, dialogs, executor, user));
        stage.setScene(new Scene(view, 1280, 800));
        stage.show();
    }

    @AfterEach
    void stop() {
        executor.close();
    }

    @Test
    void aHundredThousandRowsStayVirtualAndScrollAsFastAsAThousand(FxRobot robot) throws TimeoutException {
        long small = medianJumpNanos(robot, 1_000);
        long loadStart = System.nanoTime();
        load(robot, ROWS);
        long loadedMillis = (System.nanoTime() - loadStart) / 1_000_000;
        assertThat(robot.lookup("#appStatus").queryLabeled().getText()).isEqualTo("100,000 applications");
        int cells = robot.lookup("#appTable .table-row-cell").queryAll().size();
        assertThat(cells).as("row cells are recycled, not one per application").isLessThan(60);
        long large = medianJumpNanos(robot, ROWS);

        @SuppressWarnings("unchecked")
        TableView<ApplicationRow> table = robot.lookup("#appTable").queryAs(TableView.class);
        robot.interact(() -> table.getSelectionModel().select(ROWS - 1));
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> vm.selectedProperty().get() != null);
        assertThat(vm.selectedProperty().get().id()).isEqualTo("app-" + (ROWS - 1));
        assertThat(robot.lookup("#appTable .table-row-cell").queryAll().size()).isLessThan(60);

        System.out.printf(
                "applications table: %,d rows shown in %d ms; median jump (scroll, CSS, layout) %.1f ms with"
                        + " %,d rows, %.1f ms with 1,000; %d row cells%n",
                ROWS, loadedMillis, large / 1e6, ROWS, small / 1e6, cells);
        // Machine load changes both figures alike; their ratio shows whether the row count costs anything.
        assertThat((double) large / small)
                .as("a jump with 100,000 rows against one with 1,000")
                .isLessThan(3.0);
    }

    private void load(FxRobot robot, int rows) throws TimeoutException {
        transport.size = rows;
        robot.interact(vm::reload);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.applications().size() == rows);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Loads {@code rows} applications, then times 41 jumps across the table on the JavaFX thread; the median. */
    private long medianJumpNanos(FxRobot robot, int rows) throws TimeoutException {
        load(robot, rows);
        @SuppressWarnings("unchecked")
        TableView<ApplicationRow> table = robot.lookup("#appTable").queryAs(TableView.class);
        long[] nanos = new long[41];
        robot.interact(() -> {
            for (int i = 0; i < nanos.length; i++) {
                int row = (int) ((long) i * 7_919 * rows / 10_000 % rows);
                long t = System.nanoTime();
                table.scrollTo(row);
                table.applyCss();
                table.layout();
                nanos[i] = System.nanoTime() - t;
            }
        });
        java.util.Arrays.sort(nanos);
        return nanos[nanos.length / 2];
    }

    /** Answers {@code GET /apps} with the first {@code size} of {@value #ROWS} applications; everything else is empty. */
    static final class ManyApplications implements Transport {
        private final List<ApplicationRow> apps = new ArrayList<>(ROWS);
        volatile int size = ROWS;

        ManyApplications() {
            Instant t = Instant.parse("2026-11-01T00:00:00Z");
            for (int i = 0; i < ROWS; i++) {
                apps.add(new ApplicationRow(
                        "app-" + i, "Application " + i, "team-" + (i % 50), i % 7 != 0, 1 + i % 4, t));
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get(String path, Map<String, String> query, TypeReference<T> type) {
            if (path.equals("/apps")) {
                return (T) List.copyOf(apps.subList(0, size));
            }
            if (path.startsWith("/apps/") && path.indexOf('/', 6) < 0) {
                ApplicationRow row = apps.get(Integer.parseInt(path.substring("/apps/app-".length())));
                return (T) new Application(
                        row.id(),
                        row.teamId(),
                        row.active(),
                        row.name(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        row.criticalityLevel(),
                        false,
                        2,
                        row.lastModified(),
                        "ana",
                        row.lastModified(),
                        "ana",
                        null,
                        null);
            }
            if (path.endsWith("/scopes")) {
                return (T) new io.keyport.model.identity.ServiceScopes(List.of());
            }
            if (path.endsWith("/approval-policy")) {
                return (T) new io.keyport.model.kio.ApprovalPolicy(List.of("TEST"), null, true, 2);
            }
            return (T) List.of(); // teams, credentials, versions
        }

        @Override
        public <T> T post(String path, Object body, TypeReference<T> type) {
            return null;
        }

        @Override
        public <T> T put(String path, Object body, TypeReference<T> type) {
            return null;
        }

        @Override
        public void delete(String path) {}

        @Override
        public void download(String path, Map<String, String> query, Path target) {}
    }
}
