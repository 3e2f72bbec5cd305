package io.keyport.desktop.archives;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.concurrent.TaskHandle;
import io.keyport.desktop.testing.GatedExecutor;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.RecordingDialogs;
import io.keyport.model.archives.ArchiveEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/** The Archives view's logic on the test thread, against a real server. */
class ArchivesViewModelTest {

    @TempDir
    Path folder;

    private final RecordingDialogs dialogs = new RecordingDialogs();
    private LiveServer server;
    private ArchivesClient client;
    private ArchivesViewModel vm;

    @BeforeEach
    void start() {
        server = LiveServer.start();
        client = new ArchivesClient(server.adminTransport());
        vm = new ArchivesViewModel(client, new DirectTaskExecutor(), dialogs);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void loadsTheWorkspacesAndTheArchivesOfTheOneShown() {
        client.upload(null, null, ArchiveFiles.app(folder, "cart", 0), sent -> {}, () -> false);
        client.upload(
                "http://github.com/acme/shop", null, ArchiveFiles.app(folder, "shop", 0), sent -> {}, () -> false);

        vm.load();
        assertThat(vm.workspaces()).containsExactly("github.com/acme/shop/", "global/");
        assertThat(vm.archives()).extracting(e -> e.metadata().name()).containsExactly("cart");
        assertThat(vm.statusProperty().get()).isEqualTo("1 archive in global/");
        assertThat(vm.registryProperty().get().storage()).isEqualTo("filesystem");

        vm.showWorkspace("github.com/acme/shop/");
        assertThat(vm.archives()).singleElement().satisfies(e -> {
            assertThat(e.metadata().name()).isEqualTo("shop");
            assertThat(e.metadata().author()).isEqualTo("Ada Lovelace");
            assertThat(e.metadata().files()).contains("Kployfile", "rcs/shop-rc.yaml");
        });
        assertThat(vm.uploadWorkspaceProperty().get()).isEqualTo("http://github.com/acme/shop/");
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void anUploadGoesToTheWorkspaceNamedAndIsSelected() {
        vm.load();
        vm.uploadWorkspaceProperty().set("http://github.com/acme/payments");
        vm.upload(ArchiveFiles.app(folder, "payments", 0));

        assertThat(dialogs.errors).isEmpty();
        assertThat(dialogs.notifications).singleElement().asString().startsWith("Uploaded payments.kploy as ");
        assertThat(vm.workspaceProperty().get()).isEqualTo("github.com/acme/payments/");
        assertThat(vm.workspaces()).contains("github.com/acme/payments/");
        assertThat(vm.selectedProperty().get().metadata().name()).isEqualTo("payments");
        assertThat(vm.uploadProperty().get()).as("no upload runs any more").isNull();
    }

    @Test
    void aRefusedUploadShowsTheServersReason() throws Exception {
        Path notAnArchive = Files.writeString(folder.resolve("notes.txt"), "just some text");
        vm.upload(notAnArchive);
        assertThat(dialogs.errors)
                .singleElement()
                .satisfies(e -> assertThat(e.error().getMessage()).contains("not a zip archive"));
        assertThat(vm.uploadProperty().get()).isNull();
    }

    @Test
    void downloadSavesTheArchivesBytes() throws Exception {
        Path file = ArchiveFiles.app(folder, "download", 0);
        client.upload(null, null, file, sent -> {}, () -> false);
        vm.load();
        vm.selectedProperty().set(vm.archives().getFirst());
        Path target = folder.resolve("saved.kploy");
        dialogs.savingTo(target);

        vm.download();
        assertThat(Files.readAllBytes(target)).isEqualTo(Files.readAllBytes(file));
        assertThat(dialogs.notifications).contains("Saved saved.kploy");
    }

    @Test
    void deleteAsksFirst() {
        client.upload(null, null, ArchiveFiles.app(folder, "doomed", 0), sent -> {}, () -> false);
        vm.load();
        ArchiveEntry doomed = vm.archives().getFirst();
        vm.selectedProperty().set(doomed);

        dialogs.answering(false);
        vm.delete();
        assertThat(vm.archives()).containsExactly(doomed);
        assertThat(dialogs.questions).singleElement().asString().startsWith("Delete doomed ");

        dialogs.answering(true);
        vm.delete();
        assertThat(vm.archives()).isEmpty();
        assertThat(client.list("global/")).isEmpty();
    }

    @Test
    void aCancelledUploadStopsAndStoresNothing() throws Exception {
        GatedExecutor executor = new GatedExecutor();
        ArchivesViewModel gated = new ArchivesViewModel(client, executor, dialogs);
        gated.uploadWorkspaceProperty().set("http://github.com/acme/cancelled");
        gated.upload(ArchiveFiles.app(folder, "big", 32 << 20));
        TaskHandle handle = gated.uploadProperty().get();
        assertThat(handle).isNotNull();
        // the first bytes sent: cancel, as the Cancel button does
        handle.progressProperty().addListener((obs, old, now) -> {
            if (now.doubleValue() > 0) {
                gated.cancelUpload();
            }
        });
        executor.go();

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> handle.state() != TaskHandle.State.RUNNING);
        assertThat(handle.state()).isEqualTo(TaskHandle.State.CANCELLED);
        assertThat(handle.progressProperty().get()).isLessThan(1);
        assertThat(dialogs.errors).isEmpty();
        assertThat(gated.uploadProperty().get()).isNull();
        assertThat(client.list("github.com/acme/cancelled/")).isEmpty();
        assertThat(client.status().workspaces()).doesNotContain("github.com/acme/cancelled/");
    }
}
