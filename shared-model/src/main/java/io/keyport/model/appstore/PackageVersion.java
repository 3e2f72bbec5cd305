package io.keyport.model.appstore;

import java.time.Instant;

/**
 * One version of a package (a chart version of the catalogue).
 *
 * @param version    the chart's SemVer 2 version
 * @param appVersion the version of the application the chart installs, as Chart.yaml says (may be null)
 * @param created    when it was uploaded
 * @param digest     SHA-256 (hex) of the chart archive
 * @param size       the archive's size in bytes
 * @param prerelease whether the version is a SemVer prerelease ({@code 1.0.0-rc.1})
 */
public record PackageVersion(
        String version, String appVersion, Instant created, String digest, long size, boolean prerelease) {}
