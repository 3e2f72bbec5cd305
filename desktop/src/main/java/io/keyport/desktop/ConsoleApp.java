package io.keyport.desktop;

import io.keyport.desktop.concurrent.FxTaskExecutor;
import io.keyport.desktop.connection.ConnectionView;
import io.keyport.desktop.connection.ConnectionViewModel;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The Keyport console window; it wires views, ViewModels and services by hand. For now it shows the
 * connection screen only; feature screens arrive with their issues.
 */
public final class ConsoleApp extends Application {

    /** The server the console talks to unless the user types another; a local server's default. */
    static final String DEFAULT_SERVER_URL = "http://127.0.0.1:8080";

    private final FxTaskExecutor executor = new FxTaskExecutor();

    @Override
    public void start(Stage stage) {
        ConnectionViewModel connection = new ConnectionViewModel(executor);
        connection.serverUrlProperty().set(DEFAULT_SERVER_URL);
        connection.userProperty().set("admin");
        ConnectionView view = new ConnectionView(connection);

        stage.setTitle("Keyport console");
        Scene scene = new Scene(view, 480, 260);
        stage.setScene(scene);
        StartupMarks.onFirstFrame(scene, "window");
        stage.show();
        view.focusFirstEmptyField();
    }

    @Override
    public void stop() {
        executor.close();
    }
}
