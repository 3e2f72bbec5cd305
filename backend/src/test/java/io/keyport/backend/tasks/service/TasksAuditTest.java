package io.keyport.backend.tasks.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.AuditFactories;
import org.junit.jupiter.api.Test;

/**
 * The actions and targets of the task queue's audit entries, as they stand in existing chains:
 * changing one would make old and new entries of the same write disagree.
 */
class TasksAuditTest {

    @Test
    void actionsAndTargetsAreTheOnesInStoredChains() {
        assertThat(TasksAudit.taskRetried(42)).isEqualTo(new TasksAudit("task.retry", "task:42"));
    }

    @Test
    void everyFactoryIsPinnedAbove() {
        assertThat(AuditFactories.of(TasksAudit.class)).containsExactly("taskRetried");
    }
}
