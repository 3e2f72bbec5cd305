package io.keyport.model.identity;

/** The body of {@code PUT /api/teams/{team}}. */
public record TeamRequest(String name) {}
