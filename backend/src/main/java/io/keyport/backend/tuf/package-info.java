/**
 * The TUF repository service: an RSTUF-compatible API over the TUF model of shared-model, online
 * signing with hash bins, batched publication and renewal of expiring roles; issue 9, decision 0030.
 */
package io.keyport.backend.tuf;
