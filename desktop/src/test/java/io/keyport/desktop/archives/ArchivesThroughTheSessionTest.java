package io.keyport.desktop.archives;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.session.Session;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.MovableClock;
import java.nio.file.Path;
import java.time.Instant;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archives client over the transport a signed-in console really hands its features (the
 * session's, which renews a refused token): uploads and deletes in a workspace reach the server.
 * Until this test, the session's transport refused both (its upload and DELETE-with-query fell to
 * the interface's unsupported defaults), so the console could not upload or delete a workspace's
 * archive although the view model tests passed over a plain transport.
 */
class ArchivesThroughTheSessionTest {

    @TempDir
    Path folder;

    private LiveServer server;
    private final OkHttpClient http = new OkHttpClient();

    @BeforeEach
    void start() {
        server = LiveServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
        http.dispatcher().executorService().shutdown();
    }

    @Test
    void uploadAndDeleteInAWorkspaceThroughTheSignedInSession() {
        Session session = Session.signIn(
                server.baseUrl(),
                "admin",
                LiveServer.ADMIN_PASSWORD,
                http,
                new MovableClock(Instant.now()),
                Runnable::run);
        ArchivesClient client = new ArchivesClient(session.transport());

        String id = client.upload(
                        "http://github.com/acme/shop",
                        null,
                        ArchiveFiles.app(folder, "shop", 0),
                        sent -> {},
                        () -> false)
                .appArchiveId();
        assertThat(client.list("github.com/acme/shop/")).extracting(e -> e.id()).containsExactly(id);

        client.delete("github.com/acme/shop/", id);
        assertThat(client.list("github.com/acme/shop/")).isEmpty();
    }
}
