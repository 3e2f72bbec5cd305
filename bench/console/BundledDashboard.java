import io.helidon.config.Config;
import io.keyport.backend.KeyportConfig;
import io.keyport.backend.KeyportServer;
import io.keyport.desktop.StartupMarks;
import io.keyport.desktop.concurrent.FxTaskExecutor;
import io.keyport.desktop.connection.ConnectionView;
import io.keyport.desktop.connection.ConnectionViewModel;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/**
 * Launch to the signed-in dashboard with the bundled server, as the console will do it, built from
 * the console's and the server's own classes: the connection window opens while the server starts
 * in the same JVM on the {@code KEYPORT_*} settings (embedded H2 in a fresh data folder); once the
 * server is up, the console's sign-in (health, token, tokeninfo over real HTTP) runs with
 * {@code KEYPORT_ADMIN_PASSWORD}, and the signed-in screen replaces the form. Its first frame is the
 * {@code dashboard} mark.
 *
 * <p>A stand-in until the console bundles the server and has its dashboard: the signed-in screen
 * here is a title and an empty table, not the real dashboard's queries and charts.
 */
public final class BundledDashboard {

    private BundledDashboard() {
    }

    public static void main(String[] args) {
        Application.launch(Console.class, args);
    }

    /** The console stand-in. */
    public static final class Console extends Application {

        private final FxTaskExecutor executor = new FxTaskExecutor();
        private volatile KeyportServer server;

        @Override
        public void start(Stage stage) {
            KeyportConfig config = KeyportConfig.load(Config.create());
            ConnectionViewModel connection = new ConnectionViewModel(executor);
            connection.serverUrlProperty().set("http://" + config.httpHost() + ":" + config.httpPort());
            connection.userProperty().set("admin");
            connection.passwordProperty().set(System.getenv("KEYPORT_ADMIN_PASSWORD"));
            Scene scene = new Scene(new ConnectionView(connection), 480, 260);
            connection.signedInProperty().addListener((property, was, signedIn) -> {
                if (signedIn) {
                    scene.setRoot(dashboard(connection.uidProperty().get()));
                    StartupMarks.onFirstFrame(scene, "dashboard");
                }
            });
            connection.statusProperty().addListener((property, was, status) -> System.err.println("status: " + status));
            stage.setTitle("Keyport console");
            stage.setScene(scene);
            StartupMarks.onFirstFrame(scene, "window");
            stage.show();
            Thread.ofPlatform().name("bundled-server").daemon(true).start(() -> {
                server = KeyportServer.start(config);
                Platform.runLater(connection::signIn);
            });
        }

        private static BorderPane dashboard(String uid) {
            TableView<String> waiting = new TableView<>();
            waiting.getColumns().add(new TableColumn<>("Waiting for your approval"));
            BorderPane pane = new BorderPane(waiting);
            pane.setTop(new Label("Signed in as " + uid));
            return pane;
        }

        @Override
        public void stop() {
            executor.close();
            if (server != null) {
                server.close();
            }
        }
    }
}
