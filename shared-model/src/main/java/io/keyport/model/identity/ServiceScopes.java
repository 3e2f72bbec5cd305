package io.keyport.model.identity;

import java.util.List;

/**
 * The scopes granted to an application's service identity: the answer of {@code GET} and {@code PUT
 * /apps/{id}/scopes} (whose body is a {@link ServiceScopesRequest}).
 */
public record ServiceScopes(List<String> scopes) {}
