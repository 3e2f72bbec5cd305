package io.keyport.backend.archives.api;

import io.keyport.backend.archives.service.ArchivesError;
import io.keyport.backend.http.ApiException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range: bytes=...} header (RFC 9110 section 14.1.2) within a blob of
 * {@code size} bytes. Only a single range is served; several ranges, another unit or a malformed
 * header are ignored (the whole archive is sent, as the RFC allows). A range starting at or beyond
 * the end is 416 with {@code Content-Range: bytes *}{@code /size}.
 *
 * @param first the first byte
 * @param last  the last byte, inclusive
 */
record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    static Optional<ByteRange> parse(Optional<String> header, long size) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.get().trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        long first;
        long last;
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0) {
                throw unsatisfiable(size);
            }
            first = Math.max(0, size - suffix);
            last = size - 1;
        } else {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                return Optional.empty();
            }
        }
        if (first >= size) {
            throw unsatisfiable(size);
        }
        return Optional.of(new ByteRange(first, last));
    }

    long length() {
        return last - first + 1;
    }

    String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    private static ApiException unsatisfiable(long size) {
        return new ApiException(
                ArchivesError.RANGE_NOT_SATISFIABLE,
                "The range starts beyond the archive's " + size + " bytes",
                Map.of("size", size),
                Map.of("Content-Range", "bytes */" + size));
    }
}
