/** Persistence of the TUF repository: its state, tasks, artifacts and published metadata. */
package io.keyport.backend.tuf.store;
