package io.keyport.backend.tasks.service;

/**
 * Why the queue gave up on a task, as {@link TaskHandler#givenUp} is told: how its last attempt
 * ended and the error the queue recorded as the task's {@code last_error}. Not a retry policy: the
 * queue has already failed the task when a handler sees this.
 *
 * @param reason how the last attempt ended
 * @param error  the task's last error as the queue recorded it
 */
public record GiveUp(Reason reason, String error) {

    /** How the last attempt of a given-up task ended. */
    public enum Reason {
        /** The worker running the last attempt stopped (killed, or lost its lease) and no attempts were left. */
        INTERRUPTED,
        /** The last attempt threw and no attempts were left. */
        FAILED,
        /** The handler declared that the task can never succeed ({@link TaskFailure}). */
        REFUSED
    }
}
