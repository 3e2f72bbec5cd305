package io.keyport.backend.appstore;

/**
 * Settings of the App Store.
 *
 * @param maxChartSize the largest chart archive accepted by {@code POST /api/charts}, in bytes
 *                     ({@code KEYPORT_APPSTORE_MAX_CHART_SIZE}, default 16 MiB)
 */
public record AppStoreConfig(long maxChartSize) {

    public static final long DEFAULT_MAX_CHART_SIZE = 16L << 20;

    public AppStoreConfig {
        if (maxChartSize < 1024 || maxChartSize > (1L << 30)) {
            throw new IllegalArgumentException(
                    "KEYPORT_APPSTORE_MAX_CHART_SIZE must be between 1024 and 1073741824 bytes, not " + maxChartSize);
        }
    }

    public static AppStoreConfig defaults() {
        return new AppStoreConfig(DEFAULT_MAX_CHART_SIZE);
    }
}
