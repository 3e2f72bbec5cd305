package io.keyport.model.appstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One entry of {@code GET /packages}: a chart of a repository.
 *
 * @param id       the package id, the chart's name (unique within its repository)
 * @param repo     the repository it comes from ({@code keyport} for charts uploaded here)
 * @param chart    the newest version's Chart.yaml as JSON (the newest stable version when there is one)
 * @param versions every version, newest first by SemVer precedence
 */
public record Package(String id, String repo, JsonNode chart, List<PackageVersion> versions) {}
