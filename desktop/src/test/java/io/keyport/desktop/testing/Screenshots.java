package io.keyport.desktop.testing;

import io.keyport.desktop.shell.Theme;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Saves what a test shows as a PNG into the repository's {@code docs/images/}, for the README and
 * {@code docs/console.md}: {@code Screenshots.save(scene, "sign-in-light")}, or
 * {@link #saveLightAndDark} for both themes. Call it from the test thread; the snapshot is taken on
 * the JavaFX thread.
 */
public final class Screenshots {

    private Screenshots() {}

    /** {@code docs/images/} of the repository (tests run in the module folder). */
    public static Path folder() {
        Path here = Path.of("").toAbsolutePath();
        Path root = Files.exists(here.resolve("docs")) ? here : here.getParent();
        return root.resolve("docs").resolve("images");
    }

    public static Path save(Scene scene, String name) {
        return save(scene.getRoot(), name);
    }

    /** Snapshots {@code node} (layout and CSS applied) to {@code docs/images/<name>.png}. */
    public static Path save(Node node, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image = onFx(() -> node.snapshot(null, null));
        Path file = folder().resolve(name + ".png");
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(toBuffered(image), "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /**
     * Saves {@code <name>-light.png} and {@code <name>-dark.png}, switching the theme for the shot
     * and back to {@code current} afterwards.
     */
    public static void saveLightAndDark(Scene scene, String name, Theme current) {
        for (Theme theme : Theme.values()) {
            onFx(() -> {
                theme.apply();
                return null;
            });
            save(scene, name + "-" + theme.name().toLowerCase(java.util.Locale.ROOT));
        }
        onFx(() -> {
            current.apply();
            return null;
        });
    }

    private static BufferedImage toBuffered(WritableImage image) {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] argb = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, width, height, argb, 0, width);
        return out;
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> work) {
        if (Platform.isFxApplicationThread()) {
            try {
                return work.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            T result = WaitForAsyncUtils.asyncFx(work).get(10, TimeUnit.SECONDS);
            WaitForAsyncUtils.waitForFxEvents();
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("snapshot failed", e);
        }
    }
}
