package io.keyport.backend.tasks.service;

/**
 * Thrown by a {@link TaskHandler} when its task can never succeed (its payload names something that
 * does not exist, say): the task fails at once with this message as its error, without the retries
 * an unexpected failure gets.
 */
public final class TaskFailure extends RuntimeException {

    public TaskFailure(String message) {
        super(message, null, false, false);
    }
}
