/**
 * The task queue's services: {@link io.keyport.backend.tasks.service.TaskQueue} (enqueue in the
 * caller's transaction), {@link io.keyport.backend.tasks.service.TaskRunner} and
 * {@link io.keyport.backend.tasks.service.TaskWorkers} (claim, lease, run, retry, take over),
 * {@link io.keyport.backend.tasks.service.TaskHandler} (the work of one kind) and
 * {@link io.keyport.backend.tasks.service.TaskAdminService} (admin listing and retry).
 */
package io.keyport.backend.tasks.service;
