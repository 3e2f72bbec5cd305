package io.keyport.backend.appstore.service;

/**
 * A chart archive that cannot be accepted, with a reason fit to show the uploader. {@link #tooLarge()}
 * marks archives refused for their size (a decompression bomb, an oversized file), which answer 413
 * rather than 400. Thrown only by {@link ChartArchive} and {@link TarReader}; never wraps an I/O
 * failure of the server.
 */
public final class InvalidChartException extends RuntimeException {

    private final boolean tooLarge;

    public InvalidChartException(String reason) {
        this(reason, false);
    }

    public InvalidChartException(String reason, boolean tooLarge) {
        super(reason, null, false, false);
        this.tooLarge = tooLarge;
    }

    public boolean tooLarge() {
        return tooLarge;
    }
}
