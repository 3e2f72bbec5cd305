package io.keyport.model.appstore;

/**
 * The body of {@code POST /releases/{id}/rollback}.
 *
 * @param revision the earlier revision whose chart version and values to deploy again
 */
public record RollbackRequest(Integer revision) {}
