package io.keyport.desktop.connection;

import atlantafx.base.theme.Styles;
import io.keyport.desktop.profiles.ConnectionProfile;
import io.keyport.desktop.shell.Forms;
import javafx.geometry.HPos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The sign-in screen, built in code: connection profile (with an editor), server URL, user,
 * password, a "Sign in" button and a status line, each bound to a {@link ConnectionViewModel}. It
 * holds no state and no logic of its own; the ids ({@code #profile}, {@code #editProfiles},
 * {@code #serverUrl}, {@code #user}, {@code #password}, {@code #signIn}, {@code #status},
 * {@code #offlineCeremony}) are stable for tests. Below the form, when the console offers it, the
 * choice of an offline ceremony: the wizard without signing in and without any network connection.
 *
 * <p>After a failed sign-in the cursor goes to the password with its text selected, so the next
 * keystrokes replace the password (the fields are disabled while the sign-in runs, which used to
 * leave the focus nowhere and the next key went to the server URL with its text selected).
 */
public final class ConnectionView extends GridPane {

    private final TextField serverUrl = new TextField();
    private final TextField user = new TextField();
    private final PasswordField password = new PasswordField();

    public ConnectionView(ConnectionViewModel viewModel) {
        Button signIn = new Button("Sign in");
        Label status = new Label();
        ComboBox<ConnectionProfile> profile = new ComboBox<>(viewModel.profiles());
        Button editProfiles = new Button("Edit…");
        profile.setId("profile");
        editProfiles.setId("editProfiles");
        serverUrl.setId("serverUrl");
        user.setId("user");
        password.setId("password");
        signIn.setId("signIn");
        status.setId("status");

        profile.valueProperty().bindBidirectional(viewModel.profileProperty());
        profile.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(profile, Priority.ALWAYS);
        editProfiles.setOnAction(
                event -> new ProfileEditor(viewModel, getScene().getWindow()).show());
        serverUrl.setPromptText("http://host:port");
        serverUrl.textProperty().bindBidirectional(viewModel.serverUrlProperty());
        user.textProperty().bindBidirectional(viewModel.userProperty());
        password.textProperty().bindBidirectional(viewModel.passwordProperty());
        // AtlantaFX's danger state marks a URL that is not http(s)://host[:port] while it is typed
        viewModel
                .serverUrlValidProperty()
                .addListener((o, was, valid) -> serverUrl.pseudoClassStateChanged(
                        Styles.STATE_DANGER, !valid && !serverUrl.getText().isEmpty()));
        serverUrl.disableProperty().bind(viewModel.busyProperty());
        user.disableProperty().bind(viewModel.busyProperty());
        password.disableProperty().bind(viewModel.busyProperty());
        profile.disableProperty().bind(viewModel.busyProperty());
        editProfiles.disableProperty().bind(viewModel.busyProperty());
        signIn.disableProperty().bind(viewModel.canSignInProperty().not());
        signIn.setDefaultButton(true);
        signIn.getStyleClass().add(Styles.ACCENT);
        signIn.setOnAction(event -> viewModel.signIn());
        status.textProperty().bind(viewModel.statusProperty());
        status.setWrapText(true);
        viewModel.failuresProperty().addListener((o, before, after) -> {
            password.requestFocus();
            password.selectAll();
        });

        Label title = new Label("Sign in to Keyport");
        title.getStyleClass().add(Styles.TITLE_3);
        Forms.layOut(this);
        add(title, 0, 0, 2, 1);
        addRow(1, new Label("Profile"), new HBox(8, profile, editProfiles));
        addRow(2, new Label("Server URL"), serverUrl);
        addRow(3, new Label("User"), user);
        addRow(4, new Label("Password"), password);
        add(signIn, 1, 5);
        add(status, 0, 6, 2, 1);
        GridPane.setHalignment(signIn, HPos.RIGHT);

        VBox offlineBox = io.keyport.desktop.ceremonies.OfflineCeremony.choice(
                viewModel.busyProperty(), viewModel::offlineCeremony);
        offlineBox.visibleProperty().bind(viewModel.offlineCeremonyAvailableProperty());
        offlineBox.managedProperty().bind(offlineBox.visibleProperty());
        add(offlineBox, 0, 7, 2, 1);
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
