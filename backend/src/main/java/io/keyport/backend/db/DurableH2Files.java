package io.keyport.backend.db;

import io.keyport.backend.storage.OwnerOnly;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * The file system under Keyport's embedded H2 database, H2 URL prefix {@code keyport:} (the URL
 * {@code jdbc:h2:keyport:/data/db/keyport} is the file {@code /data/db/keyport.mv.db} on disk).
 *
 * <p>Durability: H2's MVStore writes a commit's chunk before the commit returns when
 * {@code WRITE_DELAY=0}, but it calls {@code fsync} only now and then (closing, compacting), so the
 * chunk may still sit in the operating system's page cache when the 2xx goes out: safe against a
 * killed process, not against a power cut or a kernel crash. Here every read-write channel H2 opens
 * is opened with {@code O_DSYNC}, so each write, the commit's chunk included, is on the disk before
 * it returns.
 *
 * <p>Space reuse: with H2 (2.5) reusing free file space for new chunks, a second SIGKILL lost
 * acknowledged writes of the seconds before it: CrashIT's second cycle (the first after a
 * recovery) lost up to 3 s of them on every run, and none with {@code REUSE_SPACE=FALSE}. So
 * Keyport appends chunks only; the file grows until H2 compacts it as the database closes.
 *
 * <p>Permissions: every file H2 creates through it (database, trace, temporary files) is made
 * owner-only (0600) and every directory 0700, whatever the process's umask.
 */
public final class DurableH2Files extends FilePathWrapper {

    /** The URL prefix: {@code jdbc:h2:keyport:<path>}. */
    public static final String SCHEME = "keyport";

    private static final String H2 = "jdbc:h2:";

    static {
        FilePath.register(new DurableH2Files());
    }

    /** H2 instantiates wrappers reflectively; use {@link #register()}. */
    public DurableH2Files() {}

    /**
     * The URL Keyport opens for an H2 {@code url}: an embedded file database on this file system
     * with {@code WRITE_DELAY=0} (and {@code DB_CLOSE_ON_EXIT=FALSE}, so that requests still running
     * at SIGTERM can finish). A URL that cannot be made durable is refused: in-memory and remote
     * ({@code tcp:}, {@code ssl:}) databases, other file-system prefixes, and any {@code WRITE_DELAY}
     * other than 0.
     *
     * @throws IllegalArgumentException with a message for the operator
     */
    static String durableUrl(String url) {
        String rest = url.substring(H2.length());
        int semicolon = rest.indexOf(';');
        String name = semicolon < 0 ? rest : rest.substring(0, semicolon);
        String settings = semicolon < 0 ? "" : rest.substring(semicolon);
        if (name.startsWith("file:")) {
            name = name.substring("file:".length());
        } else if (name.startsWith(SCHEME + ":")) {
            name = name.substring(SCHEME.length() + 1);
        } else if (name.matches("^[A-Za-z][A-Za-z0-9]+:.*")) {
            throw new IllegalArgumentException("KEYPORT_DB_URL " + url + " is not durable: Keyport runs H2 only as an"
                    + " embedded file database (jdbc:h2:file:<path>), or use PostgreSQL");
        }
        for (String setting : settings.split(";")) {
            int eq = setting.indexOf('=');
            if (eq > 0
                    && setting.substring(0, eq).trim().equalsIgnoreCase("WRITE_DELAY")
                    && !setting.substring(eq + 1).trim().equals("0")) {
                throw new IllegalArgumentException("KEYPORT_DB_URL sets " + setting.trim() + ": acknowledged writes"
                        + " would be lost in a crash; remove it (Keyport sets WRITE_DELAY=0)");
            }
            if (eq > 0
                    && setting.substring(0, eq).trim().equalsIgnoreCase("REUSE_SPACE")
                    && !setting.substring(eq + 1).trim().equalsIgnoreCase("FALSE")) {
                throw new IllegalArgumentException("KEYPORT_DB_URL sets " + setting.trim() + ": acknowledged writes"
                        + " could be lost in a second crash; remove it (Keyport sets REUSE_SPACE=FALSE)");
            }
        }
        String upper = settings.toUpperCase(java.util.Locale.ROOT);
        return H2 + SCHEME + ":" + name + settings
                + (upper.contains(";WRITE_DELAY=") ? "" : ";WRITE_DELAY=0")
                + (upper.contains(";REUSE_SPACE=") ? "" : ";REUSE_SPACE=FALSE")
                // the server closes the database after its last request, not H2's own shutdown hook
                + (upper.contains(";DB_CLOSE_ON_EXIT=") ? "" : ";DB_CLOSE_ON_EXIT=FALSE");
    }

    static boolean isH2(String url) {
        return url.startsWith(H2);
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        FileChannel channel = getBase().open("rw".equals(mode) ? "rwd" : mode);
        if (!"r".equals(mode)) {
            restrict();
        }
        return channel;
    }

    @Override
    public OutputStream newOutputStream(boolean append) throws IOException {
        OutputStream out = getBase().newOutputStream(append);
        restrict();
        return out;
    }

    @Override
    public boolean createFile() {
        boolean created = getBase().createFile();
        if (created) {
            restrictQuietly();
        }
        return created;
    }

    @Override
    public void createDirectory() {
        getBase().createDirectory();
        restrictQuietly();
    }

    @Override
    public FilePath createTempFile(String suffix, boolean inTempDir) throws IOException {
        FilePath temp = getBase().createTempFile(suffix, inTempDir);
        OwnerOnly.restrict(disk(temp));
        return wrap(temp);
    }

    private void restrict() throws IOException {
        OwnerOnly.restrict(disk(getBase()));
    }

    private static Path disk(FilePath path) {
        String name = path.toString();
        return Path.of(name.startsWith("file:") ? name.substring("file:".length()) : name);
    }

    private void restrictQuietly() {
        try {
            restrict();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot restrict the permissions of " + getBase(), e);
        }
    }
}
