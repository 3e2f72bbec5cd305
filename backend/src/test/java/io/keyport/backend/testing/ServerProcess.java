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
 * The server jar as an operator runs it, in a child process: {@code java -jar keyport-server.jar}
 * with only the given {@code KEYPORT_*} variables. {@link #start} returns once the server logged
 * where it listens; its output is collected in {@link #log()}.
 */
public record ServerProcess(Process process, String url, List<String> log) {

    private static final Pattern LISTENS = Pattern.compile("Keyport listens on (http://\\S+)");

    /** The jar the package phase built. */
    public static Path jar() {
        return Path.of("target", "keyport-server.jar");
    }

    /** Starts the jar with {@code settings} as its only {@code KEYPORT_*} variables. */
    public static ServerProcess start(Path jar, Map<String, String> settings) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-jar", jar.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("KEYPORT_"));
        env.putAll(settings);
        Process process = pb.start();
        List<String> log = new CopyOnWriteArrayList<>(); // read by assertions while the reader appends
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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
        });
        reader.setDaemon(true);
        reader.start();
        return new ServerProcess(process, url.get(120, TimeUnit.SECONDS), log);
    }
}
