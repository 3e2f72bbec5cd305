/** Rows of the {@code tasks} table: insert, claim with {@code SKIP LOCKED}, lease, outcome, listing. */
package io.keyport.backend.tasks.store;
