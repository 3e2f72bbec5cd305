package io.keyport.backend.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server as an operator runs it: {@code java -jar target/keyport-server.jar} in a child
 * process with {@code KEYPORT_*} variables (the test JVM's own {@code KEYPORT_*} variables are
 * removed). Its output is collected line by line; {@link #start} returns once it logs where it listens.
 */
public final class ServerProcess {

    private static final Pattern LISTENS = Pattern.compile("Keyport listens on (https?://\\S+)");

    private final Process process;
    private final String url;
    private final List<String> log;
    private final Thread reader;

    private ServerProcess(Process process, String url, List<String> log, Thread reader) {
        this.process = process;
        this.url = url;
        this.log = log;
        this.reader = reader;
    }

    /** The jar built by the package phase (Failsafe runs after it). */
    public static Path jar() {
        return Path.of("target", "keyport-server.jar");
    }

    /** Starts the jar on data folder {@code data}, port 0, with the extra settings; waits until it listens. */
    public static ServerProcess start(Path data, Map<String, String> settings) throws Exception {
        Launch launch = launch(data, settings);
        try {
            return new ServerProcess(launch.process, launch.url.get(120, TimeUnit.SECONDS), launch.log, launch.reader);
        } catch (Exception e) {
            launch.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Starts the jar expecting it to refuse the settings: returns its output once it exited with status 2. */
    public static List<String> refused(Path data, Map<String, String> settings) throws Exception {
        Launch launch = launch(data, settings);
        if (!launch.process.waitFor(120, TimeUnit.SECONDS)) {
            launch.process.destroyForcibly();
            throw new AssertionError("the server started although it should refuse " + settings + ": " + launch.log);
        }
        launch.reader.join(TimeUnit.SECONDS.toMillis(10));
        if (launch.process.exitValue() != 2) {
            throw new AssertionError("exit status " + launch.process.exitValue() + ", not 2: " + launch.log);
        }
        return launch.log;
    }

    private record Launch(Process process, CompletableFuture<String> url, List<String> log, Thread reader) {}

    private static Launch launch(Path data, Map<String, String> settings) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-jar", jar().toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("KEYPORT_"));
        env.put("KEYPORT_DATA_DIR", data.toString());
        env.put("KEYPORT_HTTP_PORT", "0");
        env.putAll(settings);
        Process process = pb.start();
        List<String> log = new CopyOnWriteArrayList<>(); // read by assertions while the reader appends
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            log.add(line);
                            Matcher m = LISTENS.matcher(line);
                            if (m.find()) {
                                url.complete(m.group(1));
                            }
                        }
                    } catch (IOException e) {
                        url.completeExceptionally(e);
                    }
                    url.completeExceptionally(new IllegalStateException("server exited: " + log));
                },
                "server-output");
        reader.setDaemon(true);
        reader.start();
        return new Launch(process, url, log, reader);
    }

    public Process process() {
        return process;
    }

    /** {@code http://host:port}, or {@code https://} with TLS */
    public String url() {
        return url;
    }

    public ApiClient client() {
        return new ApiClient(url);
    }

    /** Every line the server printed so far. */
    public List<String> log() {
        return log;
    }

    /**
     * Sends SIGTERM and waits for the exit; returns the exit code. Through the {@link ProcessHandle}:
     * {@link Process#destroy} would also close our end of the server's output, losing what it
     * prints while it stops.
     */
    public int stop() throws InterruptedException {
        process.toHandle().destroy();
        return awaitExit();
    }

    /** Sends SIGKILL (on Linux, {@link ProcessHandle#destroyForcibly}) and waits for the exit. */
    public void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        awaitExit();
    }

    private int awaitExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not exit within 60 s");
        }
        reader.join(TimeUnit.SECONDS.toMillis(10)); // the rest of its output
        return process.exitValue();
    }
}
