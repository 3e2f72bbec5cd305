package io.keyport.backend.kio.service;

import java.time.Instant;

/**
 * Raised once when a version collects every approval its application's policy requires. TUF
 * signing and releases subscribe to it.
 */
public record VersionApproved(
        String applicationId, String versionId, String artifact, String teamId, Instant approvedAt) {}
