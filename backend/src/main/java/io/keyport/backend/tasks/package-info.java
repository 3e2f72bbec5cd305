/**
 * The durable task queue (outbox): reactions that must not be lost are rows of {@code tasks},
 * written in the transaction of the change that causes them and run by workers of every replica.
 *
 * <p>{@link io.keyport.backend.tasks.service.TaskQueue} enqueues inside the caller's transaction;
 * {@link io.keyport.backend.tasks.service.TaskWorkers} claims due rows with
 * {@code FOR UPDATE SKIP LOCKED}, holds a renewed lease while a
 * {@link io.keyport.backend.tasks.service.TaskHandler} runs, retries failures with exponential
 * backoff and takes over tasks whose worker died. Delivery is at least once; a handler's database
 * work done in {@code TaskHandler.complete} commits with the task's success, so it happens exactly
 * once. This package is not a scheduler of recurring jobs and not an in-process event bus (see
 * {@link io.keyport.backend.events.EventBus}). Decision record: docs/decisions/0008-durable-task-queue.md.
 */
package io.keyport.backend.tasks;
