import io.keyport.desktop.StartupMarks;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The floor of bench/console: an empty JavaFX window of the console's first window's size, on the
 * same class path and JVM options, marked usable by the same {@link StartupMarks} code.
 */
public final class EmptyWindow {

    private EmptyWindow() {
    }

    public static void main(String[] args) {
        Application.launch(Window.class, args);
    }

    /** The window itself; a nested class because JavaFX on the class path needs a plain main class. */
    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            Scene scene = new Scene(new StackPane(), 480, 260);
            stage.setTitle("empty");
            stage.setScene(scene);
            StartupMarks.onFirstFrame(scene, "window");
            stage.show();
        }
    }
}
