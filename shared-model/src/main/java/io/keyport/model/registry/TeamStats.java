package io.keyport.model.registry;

/**
 * A team's numbers (Pier One {@code GET /stats/teams/{team}}): artifacts with a tag, and tags; and,
 * beyond Pier One, {@code storage}: the bytes of the distinct blobs the team's repositories hold.
 */
public record TeamStats(long artifacts, long tags, long storage) {

    /** One entry of {@code GET /stats/teams}. */
    public record Entry(String team, TeamStats stats) {}
}
