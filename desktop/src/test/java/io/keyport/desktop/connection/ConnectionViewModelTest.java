package io.keyport.desktop.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.concurrent.TaskExecutor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionViewModelTest {

    private MockWebServer server;
    private String url;
    private ConnectionViewModel viewModel;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        url = server.url("/").toString();
        viewModel = new ConnectionViewModel(new DirectTaskExecutor());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            http://127.0.0.1:8080      | admin | secret | true
            https://keyport.example    | admin | secret | true
            HTTP://[::1]:8080/         | admin | secret | true
            http://proxy/keyport/      | admin | secret | true
            '  http://host:1  '        | admin | secret | true
            localhost:8080             | admin | secret | false
            ftp://host                 | admin | secret | false
            http://                    | admin | secret | false
            http://host:0              | admin | secret | false
            http://host:65536          | admin | secret | false
            http://me:pw@host          | admin | secret | false
            http://host/?a=1           | admin | secret | false
            http://ho st               | admin | secret | false
            ''                         | admin | secret | false
            null                       | admin | secret | false
            http://host                | '  '  | secret | false
            http://host                | admin | ''     | false
            """)
    void signInNeedsAnHttpServerUrlAUserAndAPassword(String serverUrl, String user, String password, boolean possible) {
        viewModel.serverUrlProperty().set(serverUrl);
        viewModel.userProperty().set(user);
        viewModel.passwordProperty().set(password);

        assertThat(viewModel.canSignInProperty().get()).isEqualTo(possible);
    }

    @Test
    void successfulSignInSetsTheSignedInState() throws Exception {
        enqueueHealthy();
        server.enqueue(json(200, "{\"access_token\":\"eyJ.token\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
        server.enqueue(
                json(200, "{\"uid\":\"admin\",\"realm\":\"/employees\",\"scope\":[\"uid\"],\"expires_in\":3600}"));
        server.enqueue(json(200, "{\"uid\":\"admin\",\"admin\":true,\"teams\":[\"ops\"]}"));
        fill("admin ", "secret");

        viewModel.signIn();

        assertThat(viewModel.signedInProperty().get()).isTrue();
        assertThat(viewModel.accessTokenProperty().get()).isEqualTo("eyJ.token");
        assertThat(viewModel.uidProperty().get()).isEqualTo("admin");
        assertThat(viewModel.statusProperty().get()).isEqualTo("Signed in to " + url + " as admin");
        assertThat(viewModel.passwordProperty().get()).isEmpty();
        assertThat(viewModel.busyProperty().get()).isFalse();
        assertThat(viewModel.sessionProperty().get().user().admin()).isTrue();
        assertThat(viewModel.sessionProperty().get().user().teams()).containsExactly("ops");
        assertThat(List.of(take().getTarget(), take().getTarget(), take().getTarget(), take().getTarget()))
                .containsExactly("/.well-known/health", "/oauth2/token", "/oauth2/tokeninfo", "/api/users/admin");
    }

    @Test
    void wrongPasswordShowsTheServersErrorDescription() {
        enqueueHealthy();
        server.enqueue(
                json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid username or password\"}"));
        fill("admin", "wrong");

        viewModel.signIn();

        assertThat(viewModel.statusProperty().get()).isEqualTo("Sign-in failed: Invalid username or password");
        assertNotSignedIn();
        assertThat(viewModel.passwordProperty().get()).as("kept for a retry").isEqualTo("wrong");
    }

    @Test
    void unreachableServerShowsAClearMessage() {
        server.close();
        fill("admin", "secret");

        viewModel.signIn();

        assertThat(viewModel.statusProperty().get()).startsWith("Sign-in failed: Cannot reach " + url);
        assertNotSignedIn();
    }

    @Test
    void serverThatIsNotServingIsReported() {
        server.enqueue(json(503, "{\"health\":false}"));
        fill("admin", "secret");

        viewModel.signIn();

        assertThat(viewModel.statusProperty().get())
                .isEqualTo("Sign-in failed: The server at " + url + " is not serving right now");
        assertNotSignedIn();
    }

    @Test
    void whileSignInRunsTheViewModelIsBusyAndRefusesASecondSignIn() {
        List<Runnable> pending = new ArrayList<>();
        TaskExecutor later = new TaskExecutor() {
            @Override
            public <T> void execute(
                    Callable<? extends T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
                pending.add(() -> new DirectTaskExecutor().execute(work, onSuccess, onFailure));
            }
        };
        viewModel = new ConnectionViewModel(later);
        server.enqueue(json(503, "{\"health\":false}"));
        fill("admin", "secret");

        viewModel.signIn();
        viewModel.signIn();

        assertThat(pending).hasSize(1);
        assertThat(viewModel.busyProperty().get()).isTrue();
        assertThat(viewModel.canSignInProperty().get()).isFalse();
        assertThat(viewModel.statusProperty().get()).isEqualTo("Signing in to " + url + " as admin ...");

        pending.getFirst().run();

        assertThat(viewModel.busyProperty().get()).isFalse();
        assertThat(viewModel.canSignInProperty().get()).isTrue();
    }

    @Test
    void theOfflineCeremonyIsOfferedOnceWiredAndNotWhileASignInRuns() {
        List<Runnable> pending = new ArrayList<>();
        viewModel = new ConnectionViewModel(new TaskExecutor() {
            @Override
            public <T> void execute(
                    Callable<? extends T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
                pending.add(() -> new DirectTaskExecutor().execute(work, onSuccess, onFailure));
            }
        });
        List<String> opened = new ArrayList<>();
        assertThat(viewModel.offlineCeremonyAvailableProperty().get()).isFalse();
        viewModel.offlineCeremony(); // not wired: nothing happens

        viewModel.onOfflineCeremony(() -> opened.add("offline"));
        assertThat(viewModel.offlineCeremonyAvailableProperty().get()).isTrue();
        server.enqueue(json(503, "{\"health\":false}"));
        fill("admin", "secret");
        viewModel.signIn();
        viewModel.offlineCeremony();
        assertThat(opened).as("not while signing in").isEmpty();

        pending.getFirst().run();
        viewModel.offlineCeremony();
        assertThat(opened).containsExactly("offline");
    }

    @Test
    void signInWithInvalidInputDoesNothing() {
        viewModel = new ConnectionViewModel(new TaskExecutor() {
            @Override
            public <T> void execute(
                    Callable<? extends T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
                throw new AssertionError("no work expected");
            }
        });
        viewModel.serverUrlProperty().set("localhost:8080");
        viewModel.userProperty().set("admin");
        viewModel.passwordProperty().set("secret");

        viewModel.signIn();

        assertThat(viewModel.statusProperty().get()).isEqualTo(ConnectionViewModel.NOT_SIGNED_IN);
    }

    @Test
    void pickingAProfileFillsItsUrlAndUserAndEditsAreSaved() {
        List<List<io.keyport.desktop.profiles.ConnectionProfile>> saved = new ArrayList<>();
        viewModel.onProfilesChanged(saved::add);
        var bundled = io.keyport.desktop.profiles.ConnectionProfile.bundled("http://127.0.0.1:8080", "admin");
        viewModel.profiles().add(bundled);
        var lab = new io.keyport.desktop.profiles.ConnectionProfile("Lab", url, "alice", null, false);

        viewModel.saveProfile(null, lab);

        assertThat(viewModel.profileProperty().get()).isEqualTo(lab);
        assertThat(viewModel.serverUrlProperty().get()).isEqualTo(url);
        assertThat(viewModel.userProperty().get()).isEqualTo("alice");
        assertThat(saved).containsExactly(List.of(bundled, lab));

        viewModel.profileProperty().set(bundled);
        assertThat(viewModel.serverUrlProperty().get()).isEqualTo("http://127.0.0.1:8080");

        viewModel.deleteProfile(bundled);
        viewModel.deleteProfile(lab);
        assertThat(viewModel.profiles()).as("the bundled profile stays").containsExactly(bundled);
        assertThat(saved).hasSize(2);
    }

    @Test
    void aProfileNeedsANameAndAUrlAndAFreeName() {
        var lab = new io.keyport.desktop.profiles.ConnectionProfile("Lab", url, "alice", null, false);
        viewModel.saveProfile(null, lab);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> viewModel.saveProfile(
                        null,
                        new io.keyport.desktop.profiles.ConnectionProfile(
                                "Other", "localhost:8080", "bob", null, false)))
                .hasMessageContaining("http(s)://host:port");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> viewModel.saveProfile(
                        null, new io.keyport.desktop.profiles.ConnectionProfile("Lab", url, "bob", null, false)))
                .hasMessage("There is a profile named Lab already");
        assertThat(viewModel.profiles()).containsExactly(lab);
    }

    private void fill(String user, String password) {
        viewModel.serverUrlProperty().set(url);
        viewModel.userProperty().set(user);
        viewModel.passwordProperty().set(password);
    }

    private void assertNotSignedIn() {
        assertThat(viewModel.signedInProperty().get()).isFalse();
        assertThat(viewModel.accessTokenProperty().get()).isNull();
        assertThat(viewModel.uidProperty().get()).isNull();
        assertThat(viewModel.busyProperty().get()).isFalse();
        assertThat(viewModel.canSignInProperty().get())
                .as("a retry is possible")
                .isTrue();
    }

    private void enqueueHealthy() {
        server.enqueue(json(200, "{\"health\":true}"));
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).as("request reached the server").isNotNull();
        return request;
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }
}
