/** Persistence of the archives domain: the rows of migration V9 and the blob keys of the contents. */
package io.keyport.backend.archives.store;
