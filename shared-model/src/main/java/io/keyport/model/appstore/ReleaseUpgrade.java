package io.keyport.model.appstore;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code PATCH /releases/{id}} and of its dry run: a new chart version, new values, or
 * both. Values not given keep the release's current ones; given ones replace them whole.
 *
 * @param version the chart version to upgrade (or downgrade) to; null keeps the current one
 * @param values  the new values, a JSON object; null keeps the current ones
 */
public record ReleaseUpgrade(String version, JsonNode values) {}
