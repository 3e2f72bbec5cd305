package io.keyport.desktop.connection;

import atlantafx.base.theme.Styles;
import io.keyport.desktop.profiles.ConnectionProfile;
import io.keyport.desktop.profiles.HttpClients;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The profile editor of the sign-in screen: pick a profile or "New profile", edit its name, URL,
 * user and trusted CA certificate (PEM, pasted or loaded from a file), save or delete it. The
 * bundled server's profile keeps its name and URL; only its user can change.
 */
final class ProfileEditor {

    private static final ConnectionProfile NEW = new ConnectionProfile("New profile…", "", "", null, false);

    private final ConnectionViewModel viewModel;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final ComboBox<ConnectionProfile> which = new ComboBox<>();
    private final TextField name = new TextField();
    private final TextField url = new TextField();
    private final TextField user = new TextField();
    private final TextArea ca = new TextArea();
    private final Label problem = new Label();

    ProfileEditor(ConnectionViewModel viewModel, Window owner) {
        this.viewModel = viewModel;
        dialog.initOwner(owner);
        dialog.setTitle("Connection profiles");
        which.getItems().add(NEW);
        which.getItems().addAll(viewModel.profiles());
        which.setId("profileToEdit");
        name.setId("profileName");
        url.setId("profileUrl");
        user.setId("profileUser");
        ca.setId("profileCa");
        ca.setPromptText("-----BEGIN CERTIFICATE-----\n(only for a server whose certificate a private CA issued)");
        ca.setPrefRowCount(6);
        problem.getStyleClass().add(Styles.DANGER);
        problem.setWrapText(true);
        Button load = new Button("Load PEM file…");
        load.setOnAction(event -> loadPem());
        which.valueProperty().addListener((o, old, now) -> show(now));

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.setPadding(new Insets(12));
        form.addRow(0, new Label("Profile"), which);
        form.addRow(1, new Label("Name"), name);
        form.addRow(2, new Label("Server URL"), url);
        form.addRow(3, new Label("User"), user);
        form.addRow(4, new Label("Trusted CA"), ca);
        form.add(load, 1, 5);
        form.add(problem, 0, 6, 2, 1);
        dialog.getDialogPane().setContent(form);
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
        ButtonType delete = new ButtonType("Delete", ButtonBar.ButtonData.LEFT);
        dialog.getDialogPane().getButtonTypes().addAll(save, delete, ButtonType.CLOSE);
        Button saveButton = (Button) dialog.getDialogPane().lookupButton(save);
        saveButton.addEventFilter(javafx.event.ActionEvent.ACTION, event -> {
            if (!save()) {
                event.consume();
            }
        });
        Button deleteButton = (Button) dialog.getDialogPane().lookupButton(delete);
        deleteButton
                .disableProperty()
                .bind(which.valueProperty()
                        .isEqualTo(NEW)
                        .or(javafx.beans.binding.Bindings.createBooleanBinding(
                                () -> which.getValue() != null
                                        && which.getValue().bundled(),
                                which.valueProperty())));
        deleteButton.setOnAction(event -> viewModel.deleteProfile(which.getValue()));
        which.setValue(
                viewModel.profileProperty().get() == null
                        ? NEW
                        : viewModel.profileProperty().get());
    }

    void show() {
        dialog.showAndWait();
    }

    private void show(ConnectionProfile profile) {
        problem.setText("");
        boolean fresh = profile == null || profile == NEW;
        name.setText(fresh ? "" : profile.name());
        url.setText(fresh ? "" : profile.url());
        user.setText(fresh ? "" : profile.user());
        ca.setText(fresh || profile.trustedCaPem() == null ? "" : profile.trustedCaPem());
        boolean bundled = !fresh && profile.bundled();
        name.setDisable(bundled);
        url.setDisable(bundled);
        ca.setDisable(bundled);
    }

    private boolean save() {
        ConnectionProfile original = which.getValue() == NEW ? null : which.getValue();
        boolean bundled = original != null && original.bundled();
        ConnectionProfile edited =
                new ConnectionProfile(name.getText().trim(), url.getText(), user.getText(), ca.getText(), bundled);
        try {
            if (edited.trustedCaPem() != null) {
                HttpClients.trustManager(edited.trustedCaPem());
            }
            viewModel.saveProfile(original, edited);
            return true;
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            problem.setText(e.getMessage());
            return false;
        }
    }

    private void loadPem() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Trusted CA certificate (PEM)");
        File file = chooser.showOpenDialog(dialog.getOwner());
        if (file == null) {
            return;
        }
        try {
            ca.setText(Files.readString(file.toPath(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            problem.setText("Cannot read " + file + ": " + e.getMessage());
        }
    }
}
