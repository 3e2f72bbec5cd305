package io.keyport.model.appstore;

/**
 * The answer to {@code POST /api/charts}: ChartMuseum's {@code {"saved": true}} and what was saved.
 *
 * @param saved   always true (a refusal is an error)
 * @param name    the chart's name
 * @param version its version
 * @param digest  SHA-256 (hex) of the archive
 */
public record ChartSaved(boolean saved, String name, String version, String digest) {}
