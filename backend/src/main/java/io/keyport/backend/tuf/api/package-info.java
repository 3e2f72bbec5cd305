/** The RSTUF v1 API and the public metadata of the TUF repository. */
package io.keyport.backend.tuf.api;
