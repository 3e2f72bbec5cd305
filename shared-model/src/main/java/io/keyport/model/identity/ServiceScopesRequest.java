package io.keyport.model.identity;

import java.util.List;

/** The body of {@code PUT /apps/{id}/scopes}: the scopes to grant the application's service identity. */
public record ServiceScopesRequest(List<String> scopes) {}
