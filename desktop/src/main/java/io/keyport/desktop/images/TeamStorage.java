package io.keyport.desktop.images;

/**
 * One team's use of the registry from {@code GET /stats/teams}: artifacts, tags and the bytes its
 * images take ({@code storage}, null when the server does not report it).
 */
public record TeamStorage(String team, long artifacts, long tags, Long storage) {}
