package io.keyport.model.registry;

/** A team's numbers (Pier One {@code GET /stats/teams/{team}}): artifacts with a tag, and tags. */
public record TeamStats(long artifacts, long tags) {

    /** One entry of {@code GET /stats/teams}. */
    public record Entry(String team, TeamStats stats) {}
}
