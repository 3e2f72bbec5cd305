package io.keyport.desktop.connection;

import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/**
 * The connection screen, built in code: server URL, user, password, a "Sign in" button and a status
 * line, each bound to a {@link ConnectionViewModel}. It holds no state and no logic of its own; the
 * ids ({@code #serverUrl}, {@code #user}, {@code #password}, {@code #signIn}, {@code #status}) are
 * stable for tests.
 */
public final class ConnectionView extends GridPane {

    private final TextField serverUrl = new TextField();
    private final TextField user = new TextField();
    private final PasswordField password = new PasswordField();

    public ConnectionView(ConnectionViewModel viewModel) {
        Button signIn = new Button("Sign in");
        Label status = new Label();
        serverUrl.setId("serverUrl");
        user.setId("user");
        password.setId("password");
        signIn.setId("signIn");
        status.setId("status");

        serverUrl.setPromptText("http://host:port");
        serverUrl.textProperty().bindBidirectional(viewModel.serverUrlProperty());
        user.textProperty().bindBidirectional(viewModel.userProperty());
        password.textProperty().bindBidirectional(viewModel.passwordProperty());
        serverUrl.disableProperty().bind(viewModel.busyProperty());
        user.disableProperty().bind(viewModel.busyProperty());
        password.disableProperty().bind(viewModel.busyProperty());
        signIn.disableProperty().bind(viewModel.canSignInProperty().not());
        signIn.setDefaultButton(true);
        signIn.setOnAction(event -> viewModel.signIn());
        status.textProperty().bind(viewModel.statusProperty());
        status.setWrapText(true);

        setPadding(new Insets(24));
        setHgap(12);
        setVgap(12);
        setAlignment(Pos.CENTER);
        ColumnConstraints grow = new ColumnConstraints();
        grow.setHgrow(Priority.ALWAYS);
        getColumnConstraints().addAll(new ColumnConstraints(), grow);
        addRow(0, new Label("Server URL"), serverUrl);
        addRow(1, new Label("User"), user);
        addRow(2, new Label("Password"), password);
        add(signIn, 1, 3);
        add(status, 0, 4, 2, 1);
        GridPane.setHalignment(signIn, HPos.RIGHT);
    }

    /** Puts the cursor in the first empty field, so the user can start typing at once. */
    public void focusFirstEmptyField() {
        for (TextField field : new TextField[] {serverUrl, user, password}) {
            if (field.getText() == null || field.getText().isEmpty()) {
                field.requestFocus();
                return;
            }
        }
        password.requestFocus();
    }
}
