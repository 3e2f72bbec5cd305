import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The console's training launch, run by the installers build (installers/console/pom.xml, Linux) as
 * {@code java Train.java <input folder> <class list>} with the build's JDK: launches the console
 * from the jpackage input folder exactly as the package will ({@code io.keyport.desktop.Launcher},
 * the folder's jars as class path) with {@code -XX:DumpLoadedClassList}, on a fresh data folder
 * with {@code KEYPORT_ADMIN_PASSWORD} set, so it starts its bundled server and signs in by itself;
 * when the signed-in shell has drawn its first frame (the {@code keyport.startup dashboard} mark of
 * {@code -Dkeyport.startup.marks=true}) it stops the console with SIGTERM. The class list names
 * every class the console, its window and its bundled server loaded on the way; the package's
 * postinst turns it into a class-data archive for the installed files (decision 0024).
 *
 * <p>The window needs an X display: a private Xvfb when one is installed (so nothing flashes on
 * the builder's desktop), else {@code DISPLAY}. Exit status 0 and a non-empty class list, or 1 with
 * the reason.
 */
public final class Train {

    private static final long DEADLINE_SECONDS = 300;
    private static final String MARK = "keyport.startup dashboard ";

    /** A failure: reported by {@link #main} after the training's Xvfb was stopped. */
    private static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Failed e) {
            System.err.println("Training launch failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        if (args.length != 2) {
            fail("usage: java Train.java <jpackage input folder> <class list to write>");
        }
        Path input = Path.of(args[0]).toAbsolutePath();
        Path classList = Path.of(args[1]).toAbsolutePath();
        if (!Files.isDirectory(input)) {
            fail("no input folder " + input);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path work = Files.createTempDirectory("keyport-cds-training");
        Process xvfb = null;
        try {
            String display;
            if (onPath("Xvfb")) {
                xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                        .redirectError(work.resolve("xvfb.log").toFile())
                        .start();
                display = ":" + firstLine(xvfb, "Xvfb").strip();
            } else if (System.getenv("DISPLAY") != null) {
                display = System.getenv("DISPLAY");
            } else {
                fail("the training launch opens the console's window: install Xvfb (Debian/Ubuntu: apt-get install"
                        + " xvfb) or build on a desktop, or build without the class archive: -Dinstaller.cds.skip=true");
                return;
            }
            Files.deleteIfExists(classList);
            long started = System.nanoTime();
            String log = train(java, input, classList, display, work);
            if (!Files.isRegularFile(classList) || Files.size(classList) == 0) {
                fail("the training launch wrote no class list; its output:\n" + log);
            }
            long classes;
            try (Stream<String> lines = Files.lines(classList)) {
                classes = lines.filter(l -> !l.startsWith("#") && !l.startsWith("@")).count();
            }
            System.out.printf(
                    "Class list: %d classes loaded up to the signed-in shell, %s (training launch %d s, display %s)%n",
                    classes, classList, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), display);
        } finally {
            if (xvfb != null) {
                xvfb.destroy();
                xvfb.waitFor(10, TimeUnit.SECONDS);
            }
            deleteTree(work);
        }
    }

    /** Runs the console until its signed-in mark, stops it, and answers its output. */
    private static String train(String java, Path input, Path classList, String display, Path work)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                java,
                "-XX:DumpLoadedClassList=" + classList,
                "-Dkeyport.startup.marks=true",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                input + "/*",
                "io.keyport.desktop.Launcher"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("JAVA_TOOL_OPTIONS");
        env.put("DISPLAY", display);
        env.put("KEYPORT_DATA_DIR", work.resolve("data").toString());
        env.put("KEYPORT_CONSOLE_CONFIG_DIR", work.resolve("config").toString());
        env.put("KEYPORT_HTTP_HOST", "127.0.0.1");
        env.put("KEYPORT_HTTP_PORT", Integer.toString(freePort()));
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        env.put("KEYPORT_ADMIN_PASSWORD", "train-" + HexFormat.of().formatHex(secret));
        Process console = builder.start();
        StringBuilder output = new StringBuilder();
        // read to the end, also after the mark: a full pipe would block the console while it stops
        CompletableFuture<Boolean> marked = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(console.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.startsWith(MARK)) {
                        marked.complete(true);
                    }
                }
            } catch (IOException e) {
                // the console is gone; what it wrote is in output
            } finally {
                marked.complete(false);
            }
        });
        reader.setDaemon(true);
        reader.start();
        boolean reached;
        try {
            reached = marked.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            reached = false;
        }
        // SIGTERM: the console stops its bundled server and exits; the list is written as classes load
        console.destroy();
        if (!console.waitFor(60, TimeUnit.SECONDS)) {
            console.destroyForcibly().waitFor();
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        String log;
        synchronized (output) {
            log = output.toString();
        }
        if (!reached) {
            fail("the console did not reach its signed-in shell within " + DEADLINE_SECONDS + " s; its output:\n"
                    + log);
        }
        return log;
    }

    private static String firstLine(Process process, String what) throws IOException {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        String line = out.readLine();
        if (line == null) {
            fail(what + " did not start");
        }
        return line;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null
                && Stream.of(path.split(java.io.File.pathSeparator))
                        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Fails the training; the {@code finally} blocks still run (no Xvfb is left behind). */
    private static void fail(String message) {
        throw new Failed(message);
    }
}
