package io.keyport.backend.archives.service;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The body of an upload could not be read to its end: the client went away or stopped sending
 * (a cancelled upload). Nobody is left to answer; the staged bytes are discarded.
 */
public final class UploadInterrupted extends UncheckedIOException {

    UploadInterrupted(IOException cause) {
        super("the upload's body could not be read", cause);
    }
}
