package io.keyport.desktop.archives;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.shell.Feature;
import io.keyport.desktop.shell.FeatureContext;
import io.keyport.desktop.testing.FxWaits;
import io.keyport.desktop.testing.LiveFeatureTest;
import io.keyport.desktop.testing.Screenshots;
import io.keyport.model.archives.ArchiveEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Archives view's real controls (headless Monocle) against a real server holding archives in
 * two workspaces: pick a workspace, read an archive's Kployfile, upload through the toolbar (the
 * file chooser answered by the recorded dialogs), delete after confirming. Saves
 * {@code docs/images/archives.png}.
 */
class ArchivesViewTest extends LiveFeatureTest {

    private static Path folder;

    @BeforeAll
    static void createData() throws IOException {
        folder = Files.createTempDirectory("keyport-archives-view");
        ArchivesClient client = new ArchivesClient(server.adminTransport());
        for (String name : new String[] {"storefront", "checkout", "inventory"}) {
            client.upload(
                    "http://github.com/acme/shop",
                    null,
                    ArchiveFiles.app(folder, name, name.length() * 9000),
                    s -> {},
                    () -> false);
        }
        client.upload(null, null, ArchiveFiles.app(folder, "hello-world", 0), s -> {}, () -> false);
    }

    @Start
    void show(Stage stage) {
        mount(stage);
    }

    @Override
    protected Feature feature(FeatureContext context) {
        return ArchivesFeature.create(context);
    }

    @Test
    void aWorkspacesArchivesWithTheirKployfile(FxRobot robot) throws TimeoutException {
        FxWaits.until(() -> workspaces(robot).getItems().contains("github.com/acme/shop/"));
        robot.clickOn("github.com/acme/shop/");
        FxWaits.until(() -> table(robot).getItems().size() == 3);

        robot.clickOn("checkout");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table(robot).getSelectionModel().getSelectedItem().metadata().name())
                .isEqualTo("checkout");
        assertThat(robot.lookup("#archivesMeta-author").queryLabeled().getText())
                .isEqualTo("Ada Lovelace");
        assertThat(robot.lookup("#archivesMeta-source").queryLabeled().getText())
                .isEqualTo("https://github.com/acme/checkout");
        assertThat(robot.lookup("#archivesFiles").<String>queryListView().getItems())
                .contains("Kployfile", "rcs/checkout-rc.yaml");
        assertThat(robot.lookup("#archivesUploadWorkspace")
                        .queryTextInputControl()
                        .getText())
                .isEqualTo("http://github.com/acme/shop/");
        Screenshots.save(scene, "archives");
    }

    @Test
    void uploadThenDeleteThroughTheToolbar(FxRobot robot) throws TimeoutException {
        FxWaits.until(() -> workspaces(robot).getItems().contains("global/"));
        robot.clickOn("global/");
        FxWaits.until(() -> !table(robot).getItems().isEmpty());
        int before = table(robot).getItems().size();

        dialogs.openingFrom(ArchiveFiles.app(folder, "uploaded-here", 0));
        robot.clickOn("#archivesUpload");
        FxWaits.until(() -> table(robot).getItems().size() == before + 1);
        ArchiveEntry uploaded = table(robot).getSelectionModel().getSelectedItem();
        assertThat(uploaded.metadata().name()).isEqualTo("uploaded-here");

        dialogs.answering(true);
        robot.clickOn("#archivesDelete");
        FxWaits.until(() -> table(robot).getItems().size() == before);
        assertThat(dialogs.questions).anySatisfy(q -> assertThat(q).startsWith("Delete uploaded-here "));
        assertThat(dialogs.errors).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static TableView<ArchiveEntry> table(FxRobot robot) {
        return robot.lookup("#archivesTable").queryAs(TableView.class);
    }

    private static ListView<String> workspaces(FxRobot robot) {
        return robot.lookup("#archivesWorkspaces").queryListView();
    }
}
