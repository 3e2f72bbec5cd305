package io.keyport.desktop.testing;

import io.keyport.desktop.concurrent.FxTaskExecutor;
import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The frame of a TestFX test of one feature: a real server per test class (subclasses add their
 * data in their own {@code @BeforeAll}, which runs after this one), the feature mounted alone in a
 * 1200x720 window in the light theme, signed in as the first admin, with the production executor
 * and recorded dialogs. Each subclass declares {@code @Start void show(Stage s) { mount(s); }}.
 */
@ExtendWith(ApplicationExtension.class)
public abstract class LiveFeatureTest {

    protected static LiveServer server;

    protected final FxTaskExecutor executor = new FxTaskExecutor();
    protected final RecordingDialogs dialogs = new RecordingDialogs();
    protected Scene scene;

    @BeforeAll
    protected static void startServer() {
        server = LiveServer.start();
    }

    @AfterAll
    protected static void stopServer() {
        server.close();
    }

    /** The feature under test, created for the signed-in admin. */
    protected abstract Feature feature(FeatureContext context);

    /**
     * Shows the feature in {@code stage}. Subclasses call it from their own {@code @Start} method:
     * TestFX 4.0.18 looks for {@code @Start} only among the test class's declared methods.
     */
    protected void mount(Stage stage) {
        io.keyport.desktop.shell.Theme.LIGHT.apply();
        scene = new Scene(
                (Parent) feature(server.adminContext(dialogs, executor)).view(), 1200, 720);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    protected void stopExecutor() {
        executor.close();
    }
}
