package io.keyport.model.registry;

/**
 * The registry's numbers (Pier One {@code GET /stats}): teams with at least one tag, and the bytes
 * of every stored blob.
 */
public record RegistryStats(long teams, long storage) {}
