package io.keyport.desktop.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.Message;
import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import io.keyport.desktop.testing.FxWaits;
import io.keyport.desktop.testing.LiveFeatureTest;
import io.keyport.desktop.testing.Screenshots;
import java.util.concurrent.TimeoutException;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * The TUF view of a server that was never bootstrapped: the explanation and the online key a
 * ceremony needs, no tabs. Saves {@code docs/images/tuf-not-bootstrapped.png}.
 */
class TufNotBootstrappedViewTest extends LiveFeatureTest {

    @Start
    void show(Stage stage) {
        mount(stage);
    }

    @Override
    protected Feature feature(FeatureContext context) {
        return TufFeature.create(context);
    }

    @Test
    void saysItIsNotBootstrappedAndShowsTheOnlineKey(FxRobot robot) throws TimeoutException {
        FxWaits.until(
                () -> robot.lookup("#tufNotBootstrapped").queryAs(Message.class).isVisible());
        Message message = robot.lookup("#tufNotBootstrapped").queryAs(Message.class);
        assertThat(message.getDescription()).startsWith("This server's TUF repository is not bootstrapped");
        assertThat(robot.lookup("#tufTabs").query().isVisible()).isFalse();
        assertThat(robot.lookup("#tufVerification").query().isVisible()).isFalse();
        assertThat(robot.lookup("#tufOnlineKeyId").queryLabeled().getText())
                .isEqualTo(new TufClient(server.adminTransport()).onlineKey().keyId());
        assertThat(robot.lookup("#tufOnlineKeyState").queryAs(Message.class).getTitle())
                .isEqualTo("Online key ready for the bootstrap");
        assertThat(dialogs.errors).isEmpty();
        Screenshots.save(scene, "tuf-not-bootstrapped");
    }
}
