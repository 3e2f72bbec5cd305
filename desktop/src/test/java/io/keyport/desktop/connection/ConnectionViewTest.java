package io.keyport.desktop.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.concurrent.FxTaskExecutor;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Scene;
import javafx.stage.Stage;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Drives the real controls (headless Monocle) against a stub server, with the production executor. */
@ExtendWith(ApplicationExtension.class)
class ConnectionViewTest {

    private static final int NO_PAUSE = 0;

    private final FxTaskExecutor executor = new FxTaskExecutor();
    private MockWebServer server;

    @Start
    void show(Stage stage) {
        stage.setScene(new Scene(new ConnectionView(new ConnectionViewModel(executor)), 480, 260));
        stage.show();
    }

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        executor.close();
        server.close();
    }

    @Test
    void signingInShowsWhoIsSignedIn(FxRobot robot) throws TimeoutException {
        server.enqueue(json(200, "{\"health\":true}"));
        server.enqueue(json(200, "{\"access_token\":\"eyJ.token\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
        server.enqueue(json(200, "{\"uid\":\"admin\",\"realm\":\"/employees\"}"));
        server.enqueue(json(200, "{\"uid\":\"admin\",\"admin\":true,\"teams\":[]}"));
        String url = server.url("/").toString();

        type(robot, "#serverUrl", url);
        type(robot, "#user", "admin");
        type(robot, "#password", "secret");
        robot.clickOn("#signIn");

        waitForStatus(robot, "Signed in");
        assertThat(status(robot)).isEqualTo("Signed in to " + url + " as admin");
        assertThat(robot.lookup("#password").queryTextInputControl().getText()).isEmpty();
    }

    @Test
    void wrongPasswordShowsTheServersMessage(FxRobot robot) throws TimeoutException {
        server.enqueue(json(200, "{\"health\":true}"));
        server.enqueue(
                json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid username or password\"}"));

        type(robot, "#serverUrl", server.url("/").toString());
        type(robot, "#user", "admin");
        type(robot, "#password", "wrong");
        robot.clickOn("#signIn");

        waitForStatus(robot, "Sign-in failed");
        assertThat(status(robot)).isEqualTo("Sign-in failed: Invalid username or password");
        assertThat(robot.lookup("#signIn").queryButton().isDisabled())
                .as("a retry is possible")
                .isFalse();
    }

    @Test
    void afterAFailedSignInTheNextKeystrokesReplaceThePasswordNotTheServerUrl(FxRobot robot) throws TimeoutException {
        server.enqueue(json(200, "{\"health\":true}"));
        server.enqueue(
                json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid username or password\"}"));
        String url = server.url("/").toString();
        type(robot, "#serverUrl", url);
        type(robot, "#user", "admin");
        type(robot, "#password", "wrong");
        robot.type(javafx.scene.input.KeyCode.ENTER);

        waitForStatus(robot, "Sign-in failed");

        var password = robot.lookup("#password").queryTextInputControl();
        assertThat(robot.targetWindow().getScene().getFocusOwner())
                .as("focus after the failure")
                .isSameAs(password);
        assertThat(password.getSelectedText())
                .as("the wrong password is selected")
                .isEqualTo("wrong");
        robot.write("right", NO_PAUSE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#serverUrl").queryTextInputControl().getText()).isEqualTo(url);
        assertThat(password.getText()).isEqualTo("right");
    }

    @Test
    void signInIsDisabledWhileTheServerUrlIsInvalid(FxRobot robot) {
        type(robot, "#user", "admin");
        type(robot, "#password", "secret");
        type(robot, "#serverUrl", "localhost:8080");

        assertThat(robot.lookup("#signIn").queryButton().isDisabled()).isTrue();

        robot.eraseText("localhost:8080".length()).write("http://localhost:8080", NO_PAUSE);

        assertThat(robot.lookup("#signIn").queryButton().isDisabled()).isFalse();
    }

    /** Clicks into the field and types; TestFX pauses 25 ms per character unless told otherwise. */
    private static void type(FxRobot robot, String id, String text) {
        robot.clickOn(id).write(text, NO_PAUSE);
    }

    private static String status(FxRobot robot) {
        return robot.lookup("#status").queryLabeled().getText();
    }

    private static void waitForStatus(FxRobot robot, String prefix) throws TimeoutException {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> status(robot).startsWith(prefix));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }
}
