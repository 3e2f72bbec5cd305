package io.keyport.desktop;

import io.keyport.desktop.service.BackendClient;
import io.keyport.desktop.service.BackendException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Application;
import javafx.concurrent.Task;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.stage.Stage;

/**
 * The Keyport console window. For now it shows the connection screen only: server URL, user and
 * password, and a "Sign in" button that checks the server's health and logs in through
 * {@link BackendClient} in a background task. Feature screens arrive with their issues.
 */
public final class ConsoleApp extends Application {

    private static final Logger LOG = Logger.getLogger(ConsoleApp.class.getName());

    /** The server the console talks to unless the user types another; a local server's default. */
    static final String DEFAULT_SERVER_URL = "http://127.0.0.1:8080";

    private final TextField serverUrl = new TextField(DEFAULT_SERVER_URL);
    private final TextField user = new TextField("admin");
    private final PasswordField password = new PasswordField();
    private final Button signIn = new Button("Sign in");
    private final Label status = new Label("Not signed in");

    /** The access token of the current session, for the feature screens to come; null until signed in. */
    private volatile String accessToken;

    @Override
    public void start(Stage stage) {
        stage.setTitle("Keyport console");
        stage.setScene(new Scene(connectionScreen(), 480, 260));
        stage.show();
        password.requestFocus();
    }

    private GridPane connectionScreen() {
        serverUrl.setId("serverUrl");
        user.setId("user");
        password.setId("password");
        signIn.setId("signIn");
        status.setId("status");
        signIn.setDefaultButton(true);
        signIn.setOnAction(event -> signIn());
        status.setWrapText(true);

        GridPane grid = new GridPane();
        grid.setPadding(new Insets(24));
        grid.setHgap(12);
        grid.setVgap(12);
        grid.getColumnConstraints().addAll(new ColumnConstraints(), grow());
        grid.addRow(0, new Label("Server URL"), serverUrl);
        grid.addRow(1, new Label("User"), user);
        grid.addRow(2, new Label("Password"), password);
        grid.add(signIn, 1, 3);
        grid.add(status, 0, 4, 2, 1);
        GridPane.setHalignment(signIn, HPos.RIGHT);
        grid.setAlignment(Pos.CENTER);
        return grid;
    }

    private static ColumnConstraints grow() {
        ColumnConstraints column = new ColumnConstraints();
        column.setHgrow(Priority.ALWAYS);
        return column;
    }

    /** Checks health and logs in off the JavaFX thread; the outcome lands in the status label. */
    private void signIn() {
        String url = serverUrl.getText();
        String name = user.getText().trim();
        String secret = password.getText();
        Task<String> task = new Task<>() {
            @Override
            protected String call() {
                try (BackendClient client = new BackendClient(url)) {
                    updateMessage("Contacting " + client.serverUrl() + " ...");
                    if (!client.health()) {
                        throw new BackendException(503, "The server at " + client.serverUrl() + " is not serving right now", null);
                    }
                    updateMessage("Signing in as " + name + " ...");
                    return client.login(name, secret);
                }
            }
        };
        status.textProperty().bind(task.messageProperty());
        signIn.disableProperty().bind(task.runningProperty());
        task.setOnSucceeded(event -> {
            accessToken = task.getValue();
            password.clear();
            finish("Signed in to " + url + " as " + name);
        });
        task.setOnFailed(event -> {
            Throwable error = task.getException();
            if (!(error instanceof BackendException || error instanceof IllegalArgumentException)) {
                LOG.log(Level.WARNING, "sign-in failed", error);
            }
            finish("Sign-in failed: " + error.getMessage());
        });
        Thread.ofVirtual().name("sign-in").start(task);
    }

    private void finish(String message) {
        status.textProperty().unbind();
        status.setText(message);
    }
}
