import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.model.common.Json;
import io.keyport.model.kio.Application;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The console's memory with 100,000 applications loaded: {@code GET /apps} from a seeded server
 * (OkHttp and the shared-model's Jackson configuration, as the console's clients), every
 * {@link Application} record in an {@link ObservableList} backing a {@link TableView} that is on
 * screen; once that table's first frame is drawn, three full collections, then one line:
 * {@code keyport.memory apps=N heap_used=B heap_committed=B rss=B}. Arguments: server URL and a
 * file holding an access token.
 */
public final class AppsMemory {

    private AppsMemory() {
    }

    public static void main(String[] args) {
        javafx.application.Application.launch(Table.class, args);
    }

    /** The window with the table. */
    public static final class Table extends javafx.application.Application {

        @Override
        public void start(Stage stage) throws IOException {
            List<String> args = getParameters().getRaw();
            String url = args.get(0);
            String token = Files.readString(Path.of(args.get(1))).strip();
            ObservableList<Application> items = FXCollections.observableArrayList();
            TableView<Application> table = new TableView<>(items);
            table.getColumns().add(column("Id", Application::id));
            table.getColumns().add(column("Name", Application::name));
            table.getColumns().add(column("Team", Application::teamId));
            TableColumn<Application, Integer> criticality = new TableColumn<>("Criticality");
            criticality.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().criticalityLevel()));
            table.getColumns().add(criticality);
            Scene scene = new Scene(table, 1024, 700);
            stage.setScene(scene);
            stage.show();
            Thread.ofPlatform().name("load-apps").start(() -> {
                List<Application> apps = fetch(url, token);
                Platform.runLater(() -> {
                    items.setAll(apps);
                    scene.addPostLayoutPulseListener(new Runnable() {
                        private int pulses;

                        @Override
                        public void run() {
                            if (++pulses == 2) {
                                scene.removePostLayoutPulseListener(this);
                                Thread.ofPlatform().start(() -> report(items.size()));
                            } else {
                                Platform.requestNextPulse();
                            }
                        }
                    });
                    Platform.requestNextPulse();
                });
            });
        }

        private static TableColumn<Application, String> column(String title, Function<Application, String> value) {
            TableColumn<Application, String> column = new TableColumn<>(title);
            column.setCellValueFactory(c -> new ReadOnlyStringWrapper(value.apply(c.getValue())));
            return column;
        }

        private static List<Application> fetch(String url, String token) {
            OkHttpClient http = new OkHttpClient.Builder().readTimeout(java.time.Duration.ofMinutes(5)).build();
            Request request = new Request.Builder().url(url + "/apps").header("Authorization", "Bearer " + token).build();
            try (Response response = http.newCall(request).execute()) {
                if (response.code() != 200) {
                    throw new IllegalStateException("GET /apps answered " + response.code());
                }
                return Json.mapper().readValue(response.body().byteStream(), new TypeReference<List<Application>>() { });
            } catch (IOException e) {
                throw new IllegalStateException("GET /apps failed", e);
            } finally {
                http.dispatcher().executorService().shutdown();
                http.connectionPool().evictAll();
            }
        }

        private static void report(int apps) {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            System.out.println("keyport.memory apps=" + apps + " heap_used=" + heap.getUsed()
                    + " heap_committed=" + heap.getCommitted() + " rss=" + rss());
            System.out.flush();
        }

        private static long rss() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException e) {
                return -1;
            }
            return -1;
        }
    }
}
