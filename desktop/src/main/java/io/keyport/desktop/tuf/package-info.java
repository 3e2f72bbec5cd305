/**
 * The TUF feature: the repository's roles with version, signers, threshold and expiry countdowns
 * (and a timeline), the metadata waiting for signatures and who still has to sign, tasks with their
 * state and errors, a search over the targets, and the online key with its rotation status. The
 * console reads the public metadata and verifies it itself with the model's trusted metadata set
 * (server API: docs/tuf.md; decision 0038).
 */
package io.keyport.desktop.tuf;
