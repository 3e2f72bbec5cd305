/** The task queue over HTTP for admins: list tasks by state, retry a failed one. */
package io.keyport.backend.tasks.api;
