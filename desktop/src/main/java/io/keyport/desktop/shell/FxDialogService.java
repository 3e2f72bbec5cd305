package io.keyport.desktop.shell;

import atlantafx.base.theme.Styles;
import io.keyport.desktop.service.BackendException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/**
 * The console's {@link DialogService}: JavaFX alerts styled by the AtlantaFX theme, ControlsFX
 * notifications for confirmations. Call it on the JavaFX thread. Every error shown is logged too.
 */
public final class FxDialogService implements DialogService {

    private static final Logger LOG = Logger.getLogger(FxDialogService.class.getName());

    private final Supplier<Window> owner;

    /** @param owner the window dialogs belong to (the console's main window) */
    public FxDialogService(Supplier<Window> owner) {
        this.owner = owner;
    }

    /** The user-facing text of a failure: the server's message and what to do ({@link ErrorAdvice}). */
    public static String message(Throwable error) {
        return ErrorAdvice.message(error);
    }

    @Override
    public void showError(String action, Throwable error) {
        LOG.log(error instanceof BackendException ? Level.INFO : Level.WARNING, action + " failed", error);
        errorDialog(action + " failed", message(error), error);
    }

    /**
     * An exception nobody caught (a bug): says so, with the details on demand. The caller has
     * logged it.
     */
    public void showUnexpected(Throwable error) {
        errorDialog(
                "Unexpected error",
                message(error) + "\n\nThis is a bug in the console. The details are in the log; please report them.",
                error);
    }

    private void errorDialog(String header, String text, Throwable error) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner.get());
        alert.setTitle("Keyport");
        alert.setHeaderText(header);
        alert.setContentText(text);
        alert.getDialogPane().setId("errorDialog");
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        TextArea details = new TextArea(trace.toString());
        details.setId("errorDetails");
        details.setEditable(false);
        details.setPrefRowCount(14);
        details.getStyleClass().add(Styles.TEXT_MUTED);
        alert.getDialogPane().setExpandableContent(details); // "Show details"
        alert.show();
    }

    @Override
    public void notify(String message) {
        Window window = owner.get();
        Notifications notification =
                Notifications.create().text(message).position(Pos.BOTTOM_RIGHT).hideAfter(Duration.seconds(4));
        if (window != null) {
            notification.owner(window);
        }
        notification.show();
    }

    @Override
    public boolean confirm(String title, String question) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, question, ButtonType.OK, ButtonType.CANCEL);
        alert.initOwner(owner.get());
        alert.setTitle("Keyport");
        alert.setHeaderText(title);
        return alert.showAndWait().filter(ButtonType.OK::equals).isPresent();
    }

    @Override
    public void showSecretOnce(String title, String explanation, String secret) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.initOwner(owner.get());
        alert.setTitle("Keyport");
        alert.setHeaderText(title);
        TextField value = new TextField(secret);
        value.setId("secret");
        value.setEditable(false);
        HBox.setHgrow(value, Priority.ALWAYS);
        Button copy = new Button("Copy");
        copy.setId("copySecret");
        copy.setOnAction(event -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(secret);
            Clipboard.getSystemClipboard().setContent(content);
            copy.setText("Copied");
        });
        Label note = new Label(explanation + " It is shown only now.");
        note.setWrapText(true);
        alert.getDialogPane().setContent(new VBox(8, note, new HBox(8, value, copy)));
        alert.showAndWait();
    }

    @Override
    public Optional<String> askReason(String title, String question, String prompt) {
        javafx.scene.control.Dialog<String> dialog = new javafx.scene.control.Dialog<>();
        dialog.initOwner(owner.get());
        dialog.setTitle("Keyport");
        dialog.setHeaderText(title);
        ButtonType confirm = new ButtonType(title, javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(confirm, ButtonType.CANCEL);
        dialog.getDialogPane().setId("reasonDialog");
        Label text = new Label(question);
        text.setWrapText(true);
        TextArea reason = new TextArea();
        reason.setId("reason");
        reason.setPromptText(prompt);
        reason.setPrefRowCount(3);
        reason.setWrapText(true);
        dialog.getDialogPane().setContent(new VBox(8, text, reason));
        javafx.scene.Node button = dialog.getDialogPane().lookupButton(confirm);
        button.getStyleClass().add(Styles.DANGER);
        button.disableProperty().bind(reason.textProperty().map(String::isBlank));
        dialog.setResultConverter(type -> type == confirm ? reason.getText().strip() : null);
        javafx.application.Platform.runLater(reason::requestFocus);
        return dialog.showAndWait();
    }

    @Override
    public Optional<Path> chooseSaveFile(String title, String suggestedName) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(suggestedName);
        return Optional.ofNullable(chooser.showSaveDialog(owner.get())).map(java.io.File::toPath);
    }

    @Override
    public Optional<Path> chooseOpenFile(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        return Optional.ofNullable(chooser.showOpenDialog(owner.get())).map(java.io.File::toPath);
    }
}
