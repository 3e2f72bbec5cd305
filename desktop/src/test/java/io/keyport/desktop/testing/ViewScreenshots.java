package io.keyport.desktop.testing;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Theme;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Saves what a scene shows, in AtlantaFX's PrimerLight and PrimerDark, as PNG files into the
 * repository's {@code docs/images/} (README and docs/console.md show them). Tests call it after
 * they brought the view into the state worth showing; it restores the light theme afterwards.
 */
public final class ViewScreenshots {

    private ViewScreenshots() {}

    /** Writes {@code <name>-light.png} and {@code <name>-dark.png} of {@code scene}. */
    public static void saveLightAndDark(Scene scene, String name) {
        save(scene, new PrimerDark(), name + "-dark.png");
        save(scene, new PrimerLight(), name + "-light.png");
    }

    /** Applies the light theme (the console's default); call it on the JavaFX thread ({@code @Start}). */
    public static void useLightTheme() {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    }

    private static void save(Scene scene, Theme theme, String file) {
        WaitForAsyncUtils.asyncFx(() -> Application.setUserAgentStylesheet(theme.getUserAgentStylesheet()));
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image;
        try {
            image = WaitForAsyncUtils.asyncFx(() -> scene.getRoot().snapshot(null, null))
                    .get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("snapshot of " + file + " failed", e);
        }
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        int[] argb = new int[width * height];
        image.getPixelReader().getPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        png.setRGB(0, 0, width, height, argb, 0, width);
        try {
            Path dir = imagesDir();
            Files.createDirectories(dir);
            ImageIO.write(png, "png", dir.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code docs/images} of the repository; tests run in the module folder. */
    private static Path imagesDir() {
        Path module = Path.of("").toAbsolutePath();
        Path root = Files.isDirectory(module.resolve("docs")) ? module : module.getParent();
        return root.resolve("docs").resolve("images");
    }
}
