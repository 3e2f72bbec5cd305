package io.keyport.backend.registry;

import java.time.Duration;

/**
 * Settings of the registry domain ({@code KEYPORT_REGISTRY_*}), parsed by
 * {@link io.keyport.backend.KeyportConfig}.
 *
 * @param gcGrace    how long an unreferenced blob or an idle upload session is kept before garbage
 *                   collection removes it ({@code KEYPORT_REGISTRY_GC_GRACE}); also how long a push
 *                   may take between uploading a blob and pushing the manifest that references it
 * @param gcInterval how often garbage collection runs on each replica ({@code KEYPORT_REGISTRY_GC_INTERVAL})
 */
public record RegistryConfig(Duration gcGrace, Duration gcInterval) {

    public static final Duration DEFAULT_GC_GRACE = Duration.ofHours(24);

    public static final Duration DEFAULT_GC_INTERVAL = Duration.ofHours(1);

    public RegistryConfig {
        if (gcGrace.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("KEYPORT_REGISTRY_GC_GRACE must be at least one minute");
        }
        if (gcInterval.isNegative() || gcInterval.isZero()) {
            throw new IllegalArgumentException("KEYPORT_REGISTRY_GC_INTERVAL must be positive");
        }
    }

    public static RegistryConfig defaults() {
        return new RegistryConfig(DEFAULT_GC_GRACE, DEFAULT_GC_INTERVAL);
    }
}
