package io.keyport.model.appstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * {@code GET /packages/{id}}: a package with what one of its versions holds.
 *
 * @param id           the package id (the chart's name)
 * @param repo         its repository
 * @param team         the team that owns the chart
 * @param version      the version described (the newest stable one unless {@code ?version=} chose another)
 * @param chart        that version's Chart.yaml as JSON
 * @param readme       its README, or null
 * @param values       its values.yaml as written (comments included), or null
 * @param valuesSchema its values.schema.json, or null
 * @param versions     every version, newest first
 */
public record PackageDetail(
        String id,
        String repo,
        String team,
        String version,
        JsonNode chart,
        String readme,
        String values,
        JsonNode valuesSchema,
        List<PackageVersion> versions) {}
