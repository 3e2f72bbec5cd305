/**
 * Application archives, as kploy's registry (KAR) had them: zip archives with a {@code Kployfile},
 * uploaded as raw bodies to {@code /api/v1/app}, addressed by the SHA-256 of their bytes and kept in
 * workspaces derived from a URL ({@code ?workspace=}). The wire contract is kploy's; Keyport adds
 * authentication for writes, validation of the zip and its Kployfile, size and inflation limits,
 * ranges and the audit log. Decision 0028.
 */
package io.keyport.backend.archives;
