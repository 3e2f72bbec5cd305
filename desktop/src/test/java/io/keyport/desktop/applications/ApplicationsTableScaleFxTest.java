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
import java.util.concurrent.atomic.AtomicLong;
import javafx.beans.value.ObservableValue;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * 100,000 applications in the Applications view: the table virtualises (a screenful of row cells,
 * not one per application) and a jump across it does the work it does with 1,000 rows. The work is
 * counted, not timed: every column's cell values are read through a counter, and jumps with 100,000
 * rows may read no more of them than jumps with 1,000 (a quarter more at most) and no more than a
 * few screenfuls per jump; a table that touched every row would read 600,000 per jump. The rows come from a transport that
 * answers {@code GET /apps} with 100,000 records, so the table is the console's own. Timings belong to
 * {@code bench/console}.
 */
@ExtendWith(ApplicationExtension.class)
class ApplicationsTableScaleFxTest {

    static final int ROWS = 100_000;
    static final int JUMPS = 41;

    private final FxTaskExecutor executor = new FxTaskExecutor();
    private final ManyApplications transport = new ManyApplications();
    private final AtomicLong valuesRead = new AtomicLong();
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
    void aHundredThousandRowsStayVirtualAndAJumpReadsAScreenfulOfValues(FxRobot robot) throws TimeoutException {
        TableView<ApplicationRow> table = table(robot);
        int columns = table.getColumns().size();
        robot.interact(() -> countValueReads(table));

        long small = valuesReadByJumps(robot, table, 1_000);
        load(robot, ROWS);
        assertThat(robot.lookup("#appStatus").queryLabeled().getText()).isEqualTo("100,000 applications");
        int cells = robot.lookup("#appTable .table-row-cell").queryAll().size();
        assertThat(cells).as("row cells are recycled, not one per application").isLessThan(60);
        long large = valuesReadByJumps(robot, table, ROWS);

        assertThat(small)
                .as("the jumps read the cells' values through the counter")
                .isPositive();
        assertThat(large)
                .as("values read by %d jumps with 100,000 rows, against %,d with 1,000", JUMPS, small)
                .isLessThanOrEqualTo(small * 5 / 4)
                // a jump fills the screenful of cells (a scroll and a layout pass may each fill it)
                .isLessThanOrEqualTo((long) JUMPS * cells * columns * 3);

        System.out.printf("values read: %d with 1,000 rows, %d with 100,000; %d cells%n", small, large, cells);
        robot.interact(() -> table.getSelectionModel().select(ROWS - 1));
        WaitForAsyncUtils.waitFor(
                10, TimeUnit.SECONDS, () -> vm.selectedProperty().get() != null);
        assertThat(vm.selectedProperty().get().id()).isEqualTo("app-" + (ROWS - 1));
        assertThat(robot.lookup("#appTable .table-row-cell").queryAll().size()).isLessThan(60);
    }

    @SuppressWarnings("unchecked")
    private static TableView<ApplicationRow> table(FxRobot robot) {
        return robot.lookup("#appTable").queryAs(TableView.class);
    }

    /** Wraps every column's cell-value factory in one that counts the values it hands out. */
    private void countValueReads(TableView<ApplicationRow> table) {
        for (TableColumn<ApplicationRow, ?> column : table.getColumns()) {
            wrap(column);
        }
    }

    private <T> void wrap(TableColumn<ApplicationRow, T> column) {
        Callback<TableColumn.CellDataFeatures<ApplicationRow, T>, ObservableValue<T>> values =
                column.getCellValueFactory();
        column.setCellValueFactory(features -> {
            valuesRead.incrementAndGet();
            return values.call(features);
        });
    }

    private void load(FxRobot robot, int rows) throws TimeoutException {
        transport.size = rows;
        robot.interact(vm::reload);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.applications().size() == rows);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Loads {@code rows} applications, then makes {@value #JUMPS} jumps across the table on the JavaFX
     * thread (scroll, CSS, layout); the cell values read by the jumps.
     */
    private long valuesReadByJumps(FxRobot robot, TableView<ApplicationRow> table, int rows) throws TimeoutException {
        load(robot, rows);
        long[] read = new long[1];
        robot.interact(() -> {
            long before = valuesRead.get();
            for (int i = 0; i < JUMPS; i++) {
                table.scrollTo((int) ((long) i * 7_919 * rows / 10_000 % rows));
                table.applyCss();
                table.layout();
            }
            read[0] = valuesRead.get() - before;
        });
        return read[0];
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
