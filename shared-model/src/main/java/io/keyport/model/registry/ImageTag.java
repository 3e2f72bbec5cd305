package io.keyport.model.registry;

/** A tag that points at an image, as {@code GET /tags/{prefix}} lists it (Pier One B.6). */
public record ImageTag(String name, String team, String artifact) {}
