/**
 * The image registry: OCI Distribution 1.1 and Docker Registry v2 under {@code /v2/} with Pier
 * One's rules (repositories {@code <team>/...}, immutable tags, team-scoped push, pull by anyone
 * authenticated). {@code api -> service -> store}, wired by {@link
 * io.keyport.backend.registry.RegistryModule}; decision 0025.
 */
package io.keyport.backend.registry;
