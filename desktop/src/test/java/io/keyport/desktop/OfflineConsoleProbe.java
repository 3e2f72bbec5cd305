package io.keyport.desktop;

import io.keyport.desktop.ceremonies.OfflineCeremony;
import io.keyport.desktop.offline.NetworkGuard;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The production offline console in a process of its own, for {@link OfflineConsoleProcessTest}: runs
 * {@code Launcher.main("--offline-ceremony")} exactly as the installed launcher does, waits for its
 * window, prints the guard's hooks and attempts, then tries a socket and an {@code HttpClient} to the
 * port given as argument and prints what happened.
 */
public final class OfflineConsoleProbe {

    private OfflineConsoleProbe() {}

    /** {@code PORT}: the offline console; {@code PORT ceremony ...}: a ceremony command. */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        if (args.length > 1) {
            // the command exits the JVM: report from a shutdown hook
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                NetworkGuard.Armed lock = NetworkGuard.processLock().orElseThrow();
                System.out.println("hooks " + lock.hooks());
                System.out.println("attempts-at-start " + lock.attempts());
                trySocket(port);
                System.out.println("attempts-at-end " + lock.attempts());
            }));
            Launcher.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Thread.ofPlatform().daemon().name("launcher").start(() -> Launcher.main(new String[] {OfflineCeremony.FLAG}));
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, OfflineConsoleProbe::offlineWindowShown);
        NetworkGuard.Armed lock = NetworkGuard.processLock().orElseThrow();
        System.out.println("window shown");
        System.out.println("hooks " + lock.hooks());
        System.out.println("attempts-at-start " + lock.attempts());
        trySocket(port);
        try {
            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            System.out.println("CONNECTED http");
        } catch (Exception e) {
            System.out.println("refused http: " + e.getMessage());
        }
        System.out.println("attempts-at-end " + lock.attempts());
        System.out.flush();
        System.exit(0);
    }

    private static void trySocket(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            System.out.println("CONNECTED socket");
        } catch (Exception e) {
            System.out.println("refused socket: " + e.getMessage());
        }
    }

    private static boolean offlineWindowShown() throws Exception {
        CompletableFuture<Boolean> shown = new CompletableFuture<>();
        try {
            Platform.runLater(() -> shown.complete(Window.getWindows().stream()
                    .anyMatch(w -> w.isShowing()
                            && w instanceof Stage s
                            && s.getTitle().contains("offline ceremony"))));
        } catch (IllegalStateException toolkitNotStartedYet) {
            return false;
        }
        try {
            return shown.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException busyDrawing) {
            return false; // the FX thread is still busy (software rendering on a loaded machine): ask again
        }
    }
}
