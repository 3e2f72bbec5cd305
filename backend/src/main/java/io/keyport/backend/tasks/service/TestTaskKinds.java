package io.keyport.backend.tasks.service;

import io.keyport.backend.db.Sql;
import io.keyport.backend.tasks.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Task kinds for tests of the queue across processes, registered only with
 * {@code KEYPORT_TASKS_TEST_KINDS=true}. Never enable them in production: they write to a table
 * the test creates ({@code task_test_runs}) and {@code test.block} holds a worker until a file appears.
 *
 * <ul>
 *   <li>{@code test.record}: inserts {@code (task_id, owner, attempt)} into {@code task_test_runs}
 *       in the completing transaction, so the table shows every run that took effect.</li>
 *   <li>{@code test.block}: payload {@code {"until_file": "/path"}}; waits until that file exists
 *       (a run to kill mid-task), then records itself as {@code test.record} does.</li>
 * </ul>
 */
public final class TestTaskKinds {

    public static final String RECORD = "test.record";
    public static final String BLOCK = "test.block";

    private TestTaskKinds() {}

    public static void register(TaskHandlers handlers) {
        handlers.register(RECORD, new TaskHandler() {
            @Override
            public void complete(Connection c, Task task) throws SQLException {
                recordRun(c, task);
            }
        });
        handlers.register(BLOCK, new TaskHandler() {
            @Override
            public void perform(Task task) throws InterruptedException {
                Path file = Path.of(task.payloadJson().path("until_file").asText());
                while (!Files.exists(file)) {
                    Thread.sleep(50); // polls a file another process creates; interrupted when the server stops
                }
            }

            @Override
            public void complete(Connection c, Task task) throws SQLException {
                recordRun(c, task);
            }
        });
    }

    private static void recordRun(Connection c, Task task) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO task_test_runs (task_id, owner, attempt) VALUES (?, ?, ?)",
                task.id(),
                task.leaseOwner(),
                task.attempts());
    }
}
