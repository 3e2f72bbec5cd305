package io.keyport.backend.archives.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.keyport.backend.http.ApiException;
import io.keyport.model.archives.KployMetadata;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a kploy app archive as it streams in, in one pass and within fixed bounds: a zip whose
 * entries are read in order (local headers, as {@code kploy pull} extracts them), with a
 * {@code Kployfile} (YAML) at its root. Entries are inflated only to be counted, never kept, except
 * the Kployfile (at most {@link #MAX_KPLOYFILE} bytes); inflation stops at {@link #MAX_RATIO} times
 * the bytes read so far (plus {@link #RATIO_SLACK}) and at {@link #MAX_INFLATED} in all, so a zip
 * bomb costs a bounded amount of work. Entry names that would escape the folder kploy extracts
 * into ({@code ..}, absolute, backslashes, drive letters) and duplicates are refused.
 *
 * <p>Every refusal is an {@link ApiException} of {@link ArchivesError} (400 for a broken or
 * dangerous zip, 422 for a zip that is not an app archive). A failure of the underlying stream that
 * is not the archive's fault must reach the caller as an unchecked exception of its own
 * ({@code UncheckedIOException} is read as the archive's fault, so the caller's stream wraps its
 * transport failures differently). It does not read the central directory.
 */
public final class KployArchive {

    public static final String KPLOYFILE = "Kployfile";
    public static final int MAX_KPLOYFILE = 64 * 1024;
    public static final int MAX_ENTRIES = 10_000;
    public static final int MAX_NAME = 1024;
    /** The entry names together, as JSON, must fit the {@code files} column (1 MiB). */
    public static final int MAX_NAMES_TOTAL = 1_000_000;

    public static final int MAX_FIELD = 1024;
    public static final long MAX_RATIO = 200;
    public static final long RATIO_SLACK = 1L << 20;
    public static final long MAX_INFLATED = 4L << 30;

    /**
     * The size of the reads the inspection makes: as large as the buffer in front of the request
     * body ({@code ArchiveService}), so that a stored entry's bytes are read straight into this
     * buffer rather than copied through that one.
     */
    public static final int READ_CHUNK = 256 * 1024;

    private static final ObjectMapper YAML = yaml();

    private KployArchive() {}

    /** The metadata found and the number of entries read (which the end record must repeat). */
    public record Inspection(KployMetadata metadata, int entries) {}

    /** The bytes of the end of central directory record up to its comment length. */
    public static final int EOCD_SIZE = 22;

    /** How much of the end of an archive {@link #requireEnd} needs: the end record and the longest comment. */
    public static final int TAIL = EOCD_SIZE + 0xFFFF;

    /**
     * Reads a whole archive held in memory (the fuzz test and small inputs): {@link #inspect}, then
     * {@link #requireEnd} on its last bytes.
     */
    public static KployMetadata read(byte[] archive) {
        Inspection inspection = inspect(new java.io.ByteArrayInputStream(archive));
        int from = Math.max(0, archive.length - TAIL);
        requireEnd(java.util.Arrays.copyOfRange(archive, from, archive.length), archive.length, inspection.entries());
        return inspection.metadata();
    }

    /**
     * Checks the end of an archive of {@code size} bytes whose last bytes are {@code tail} (at most
     * {@link #TAIL}): it must end with an end of central directory record (no zip64: the entries are
     * far fewer) that counts {@code entries} entries on this one disk and whose central directory
     * ends where the record starts. A truncated archive, which the local headers alone cannot tell
     * from a whole one, fails here (400).
     */
    public static void requireEnd(byte[] tail, long size, int entries) {
        for (int at = tail.length - EOCD_SIZE; at >= 0; at--) {
            if (u32(tail, at) != 0x06054b50L) {
                continue;
            }
            int commentLength = u16(tail, at + 20);
            if (at + EOCD_SIZE + commentLength != tail.length) {
                continue;
            }
            long recordAt = size - tail.length + at;
            boolean oneDisk = u16(tail, at + 4) == 0 && u16(tail, at + 6) == 0;
            boolean counts = u16(tail, at + 8) == entries && u16(tail, at + 10) == entries;
            long cdSize = u32(tail, at + 12);
            long cdOffset = u32(tail, at + 16);
            if (oneDisk && counts && cdOffset + cdSize == recordAt) {
                return;
            }
            throw bad("The archive's central directory does not match its entries (truncated or altered?)");
        }
        throw bad("The archive has no end of central directory (truncated?)");
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xffffffffL;
    }

    /** Reads {@code in} up to the zip's central directory (the caller drains the rest and checks its end). */
    public static Inspection inspect(InputStream in) {
        Counting counted = new Counting(in);
        List<String> files = new ArrayList<>();
        Set<String> names = new HashSet<>();
        byte[] kployfile = null;
        long inflated = 0;
        long namesTotal = 0;
        byte[] buffer = new byte[READ_CHUNK];
        try (ZipInputStream zip = new ZipInputStream(counted, StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName();
                checkName(name);
                if (!names.add(name)) {
                    throw bad("The archive holds the entry " + quote(name) + " twice");
                }
                if (files.size() >= MAX_ENTRIES) {
                    throw bad("The archive has more than " + MAX_ENTRIES + " entries");
                }
                namesTotal += name.length() + 3;
                if (namesTotal > MAX_NAMES_TOTAL) {
                    throw bad("The archive's entry names are longer than " + MAX_NAMES_TOTAL + " characters together");
                }
                files.add(name);
                boolean isKployfile = name.equals(KPLOYFILE);
                java.io.ByteArrayOutputStream kept = isKployfile ? new java.io.ByteArrayOutputStream() : null;
                int n;
                while ((n = zip.read(buffer)) > 0) {
                    inflated += n;
                    if (inflated > MAX_INFLATED || inflated > MAX_RATIO * counted.count + RATIO_SLACK) {
                        throw bad("The archive inflates to far more than its size (a zip bomb?)");
                    }
                    if (kept != null) {
                        if (kept.size() + n > MAX_KPLOYFILE) {
                            throw notAnApp("The Kployfile is larger than " + MAX_KPLOYFILE + " bytes");
                        }
                        kept.write(buffer, 0, n);
                    }
                }
                if (kept != null) {
                    kployfile = kept.toByteArray();
                }
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            // ZipException and EOFException: a broken or truncated zip; IllegalArgumentException:
            // an entry name that is not UTF-8
            throw bad("The body is not a readable zip archive");
        }
        if (files.isEmpty()) {
            throw bad("The body is not a zip archive (no entries)");
        }
        if (kployfile == null) {
            throw notAnApp("The archive has no Kployfile at its root");
        }
        return new Inspection(metadata(kployfile, files), files.size());
    }

    /** The metadata of a Kployfile's bytes (YAML, a mapping). */
    static KployMetadata metadata(byte[] kployfile, List<String> files) {
        JsonNode root;
        try {
            root = YAML.readTree(kployfile);
        } catch (IOException | RuntimeException e) {
            throw notAnApp("The Kployfile is not valid YAML");
        }
        if (root == null || !root.isObject()) {
            throw notAnApp("The Kployfile must be a YAML mapping");
        }
        return new KployMetadata(
                field(root, "name"), field(root, "author"), field(root, "namespace"), field(root, "source"), files);
    }

    private static String field(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new ApiException(
                    ArchivesError.NOT_AN_APP_ARCHIVE,
                    "The Kployfile's " + name + " must be a single value",
                    Map.of("field", name));
        }
        String text = node.asText();
        if (text.length() > MAX_FIELD || text.indexOf('\0') >= 0) {
            throw new ApiException(
                    ArchivesError.NOT_AN_APP_ARCHIVE,
                    "The Kployfile's " + name + " must be text of at most " + MAX_FIELD + " characters",
                    Map.of("field", name));
        }
        return text;
    }

    /** Names kploy would extract outside its folder, or cannot be stored, are refused. */
    private static void checkName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw bad("An entry name is empty or longer than " + MAX_NAME + " characters");
        }
        if (name.startsWith("/")
                || name.indexOf('\\') >= 0
                || name.indexOf('\0') >= 0
                || name.matches("^[A-Za-z]:.*")) {
            throw bad("The entry " + quote(name) + " has an absolute path or a backslash");
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw bad("The entry " + quote(name) + " leaves the archive's folder ('..')");
            }
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !validSurrogateAt(name, i)) {
                throw bad("An entry name holds a control character");
            }
        }
    }

    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static String quote(String name) {
        String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    private static ApiException bad(String message) {
        return ArchivesError.BAD_REQUEST.with(message);
    }

    private static ApiException notAnApp(String message) {
        return ArchivesError.NOT_AN_APP_ARCHIVE.with(message);
    }

    private static ObjectMapper yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(32);
        options.setCodePointLimit(MAX_KPLOYFILE);
        options.setAllowDuplicateKeys(false);
        return new YAMLMapper(YAMLFactory.builder().loaderOptions(options).build());
    }

    /** Counts the bytes the zip reader pulled, for the inflation ratio. */
    private static final class Counting extends FilterInputStream {
        private long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public void close() {
            // the caller owns the stream and drains it after the central directory
        }
    }
}
