package io.keyport.desktop.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.testing.FxWaits;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The console's reason-and-confirm dialog (takedowns) with its real controls: the confirming button
 * stays disabled until a reason is typed, and the dialog answers the reason stripped; Cancel
 * answers nothing.
 */
@ExtendWith(ApplicationExtension.class)
class ReasonDialogTest {

    private Stage stage;

    @Start
    void show(Stage stage) {
        this.stage = stage;
        Theme.LIGHT.apply();
        stage.setScene(new Scene(new StackPane(), 400, 300));
        stage.show();
    }

    @Test
    void theReasonIsRequiredBeforeConfirming(FxRobot robot) throws Exception {
        AtomicReference<Optional<String>> answer = open();
        DialogPane pane = robot.lookup("#reasonDialog").queryAs(DialogPane.class);
        Node confirm = pane.lookupButton(pane.getButtonTypes().get(0));
        assertThat(confirm.isDisabled()).as("no reason yet").isTrue();

        robot.clickOn("#reason").write("   ");
        assertThat(confirm.isDisabled()).as("blanks are no reason").isTrue();
        robot.write("Court order 2026-114 ");
        assertThat(confirm.isDisabled()).isFalse();
        robot.clickOn(confirm);

        FxWaits.until(() -> answer.get() != null);
        assertThat(answer.get()).contains("Court order 2026-114");
    }

    @Test
    void cancelAnswersNothing(FxRobot robot) throws Exception {
        AtomicReference<Optional<String>> answer = open();
        DialogPane pane = robot.lookup("#reasonDialog").queryAs(DialogPane.class);
        robot.clickOn("#reason").write("Court order");
        robot.clickOn(pane.lookupButton(ButtonType.CANCEL));

        FxWaits.until(() -> answer.get() != null);
        assertThat(answer.get()).isEmpty();
    }

    private AtomicReference<Optional<String>> open() throws Exception {
        AtomicReference<Optional<String>> answer = new AtomicReference<>();
        FxDialogService dialogs = new FxDialogService(() -> stage);
        Platform.runLater(() -> answer.set(dialogs.askReason(
                "Take down image", "Take down team/app@sha256:…?", "Reason, e.g. the legal request's reference")));
        FxWaits.until(() ->
                !Stage.getWindows().filtered(w -> w != stage && w.isShowing()).isEmpty());
        return answer;
    }
}
