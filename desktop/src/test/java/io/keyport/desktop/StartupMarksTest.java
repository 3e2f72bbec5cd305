package io.keyport.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The start-up mark bench/console waits for: printed once after the first frame, only when asked. */
@ExtendWith(ApplicationExtension.class)
class StartupMarksTest {

    private static final Clock FIXED = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @AfterEach
    void clearProperty() {
        System.clearProperty(StartupMarks.PROPERTY);
    }

    @Test
    void printsOneMarkAfterTheWindowShows(FxRobot robot) throws TimeoutException {
        System.setProperty(StartupMarks.PROPERTY, "true");
        Stage[] stage = new Stage[1];
        robot.interact(() -> {
            stage[0] = new Stage();
            Scene scene = new Scene(new Label("ready"), 200, 100);
            stage[0].setScene(scene);
            StartupMarks.onFirstFrame(scene, "window", FIXED, out);
            assertThat(printed()).as("nothing before the window shows").isEmpty();
            stage[0].show();
        });

        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !printed().isEmpty());
        robot.interact(() -> stage[0].getScene().getRoot().requestLayout());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(printed()).isEqualTo("keyport.startup window 1700000000123\n");
        robot.interact(stage[0]::close);
    }

    @Test
    void printsNothingUnlessSwitchedOn(FxRobot robot) {
        robot.interact(() -> {
            Stage stage = new Stage();
            Scene scene = new Scene(new Label("ready"), 200, 100);
            stage.setScene(scene);
            StartupMarks.onFirstFrame(scene, "window", FIXED, out);
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents(5);

        assertThat(printed()).isEmpty();
        assertThat(StartupMarks.enabled()).isFalse();
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
