package io.keyport.desktop.concurrent;

/** Handed to {@link ProgressWork}: report how far the work got, and see whether it was cancelled. */
public interface Progress {

    /** Done so far ({@code done} of {@code total}) and, unless null, what is happening now. */
    void update(long done, long total, String message);

    /** True once the user cancelled; long loops check it and return early. */
    boolean cancelled();
}
