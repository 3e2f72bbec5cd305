package io.keyport.model.identity;

import java.util.List;

/** The scopes granted to an application's service identity ({@code PUT /apps/{id}/scopes}). */
public record ServiceScopes(List<String> scopes) {
}
