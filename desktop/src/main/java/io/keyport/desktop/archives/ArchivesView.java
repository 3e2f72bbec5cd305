package io.keyport.desktop.archives;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.keyport.desktop.concurrent.TaskHandle;
import io.keyport.desktop.shell.Controls;
import io.keyport.model.archives.ArchiveEntry;
import io.keyport.model.archives.KployMetadata;
import java.util.function.Function;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Archives view: workspaces on the left, the workspace's archives in the middle, the selected
 * archive's Kployfile metadata and files on the right; upload (to the workspace URL in the field),
 * download and delete in the toolbar, and the running upload's progress bar with its Cancel button.
 */
final class ArchivesView extends BorderPane {

    ArchivesView(ArchivesViewModel vm) {
        Label title = new Label("Archives");
        title.getStyleClass().add(Styles.TITLE_3);
        TextField target = new TextField();
        target.setId("archivesUploadWorkspace");
        target.setPromptText("Workspace URL, e.g. http://github.com/team/app (blank: global)");
        target.setPrefColumnCount(30);
        target.textProperty().bindBidirectional(vm.uploadWorkspaceProperty());
        Button upload = button("archivesUpload", "Upload…", Styles.ACCENT);
        upload.disableProperty().bind(vm.uploadProperty().isNotNull());
        upload.setOnAction(e -> vm.chooseAndUpload());
        Button download = button("archivesDownload", "Download…", null);
        download.disableProperty().bind(vm.selectedProperty().isNull().or(vm.busyProperty()));
        download.setOnAction(e -> vm.download());
        Button delete = button("archivesDelete", "Delete", Styles.DANGER);
        delete.disableProperty().bind(vm.selectedProperty().isNull().or(vm.busyProperty()));
        delete.setOnAction(e -> vm.delete());
        Button refresh = button("archivesRefresh", "Refresh", Styles.FLAT);
        refresh.disableProperty().bind(vm.busyProperty());
        refresh.setOnAction(e -> vm.load());
        HBox toolbar = new HBox(8, title, new Spacer(), target, upload, download, delete, refresh);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        ProgressBar progress = new ProgressBar(0);
        progress.setId("archivesUploadProgress");
        progress.setPrefWidth(320);
        Label uploading = new Label();
        uploading.setId("archivesUploadMessage");
        Button cancel = button("archivesUploadCancel", "Cancel", Styles.DANGER);
        cancel.setOnAction(e -> vm.cancelUpload());
        HBox uploadBar = new HBox(8, uploading, progress, cancel);
        uploadBar.setAlignment(Pos.CENTER_LEFT);
        uploadBar.visibleProperty().bind(vm.uploadProperty().isNotNull());
        uploadBar.managedProperty().bind(uploadBar.visibleProperty());
        vm.uploadProperty().addListener((obs, old, handle) -> bindUpload(handle, progress, uploading));

        ListView<String> workspaces = new ListView<>(vm.workspaces());
        workspaces.setId("archivesWorkspaces");
        workspaces.setPrefWidth(240);
        workspaces.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> vm.showWorkspace(now));
        vm.workspaceProperty()
                .addListener((obs, old, now) -> workspaces.getSelectionModel().select(now));
        vm.workspaces().addListener((javafx.collections.ListChangeListener<String>) change ->
                workspaces.getSelectionModel().select(vm.workspaceProperty().get()));
        Label workspacesTitle = new Label("Workspaces");
        workspacesTitle.getStyleClass().add(Styles.TEXT_BOLD);
        VBox left = new VBox(6, workspacesTitle, workspaces);
        VBox.setVgrow(workspaces, Priority.ALWAYS);

        TableView<ArchiveEntry> table = table(vm);
        VBox details = details(vm);
        SplitPane center = new SplitPane(left, table, details);
        center.setDividerPositions(0.18, 0.7);

        Label status = new Label();
        status.setId("archivesStatus");
        status.textProperty().bind(vm.statusProperty());
        ProgressBar busy = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        busy.getStyleClass().add(Styles.SMALL);
        busy.visibleProperty().bind(vm.busyProperty());
        Label limit = new Label();
        limit.getStyleClass().add(Styles.TEXT_MUTED);
        limit.textProperty()
                .bind(javafx.beans.binding.Bindings.createStringBinding(
                        () -> vm.registryProperty().get() == null
                                ? ""
                                : "Storage: " + vm.registryProperty().get().storage() + " · up to "
                                        + size(vm.registryProperty().get().maxArchiveSize()) + " per archive",
                        vm.registryProperty()));
        HBox bottom = new HBox(8, status, new Spacer(), limit, busy);
        bottom.setAlignment(Pos.CENTER_LEFT);

        setTop(new VBox(10, toolbar, uploadBar));
        setCenter(center);
        setBottom(bottom);
        BorderPane.setMargin(center, new Insets(10, 0, 6, 0));
        setPadding(new Insets(12));
    }

    private static void bindUpload(TaskHandle handle, ProgressBar progress, Label message) {
        progress.progressProperty().unbind();
        message.textProperty().unbind();
        if (handle != null) {
            progress.progressProperty().bind(handle.progressProperty());
            message.textProperty().bind(handle.messageProperty());
        }
    }

    private static TableView<ArchiveEntry> table(ArchivesViewModel vm) {
        TableView<ArchiveEntry> table = new TableView<>(vm.archives());
        table.setId("archivesTable");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns()
                .setAll(
                        column("Application", 100, e -> orDash(e.metadata().name())),
                        column("Id", 118, e -> ArchivesViewModel.shortId(e.id())),
                        column("Size", 75, e -> size(Long.parseLong(e.size()))),
                        column("Uploaded (UTC)", 130, e -> minutes(e.timeCreated())),
                        column("Team", 70, e -> orDash(e.team())),
                        column("By", 60, ArchiveEntry::uploadedBy));
        table.setPlaceholder(new Label("No archives in this workspace"));
        table.getSelectionModel()
                .selectedItemProperty()
                .addListener((obs, old, entry) -> vm.selectedProperty().set(entry));
        vm.selectedProperty().addListener((obs, old, entry) -> {
            if (entry != null && entry != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(entry);
            }
        });
        return table;
    }

    /** The selected archive's Kployfile metadata and files. */
    private static VBox details(ArchivesViewModel vm) {
        Label heading = new Label("Kployfile");
        heading.getStyleClass().add(Styles.TEXT_BOLD);
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(4);
        String[] fields = {"name", "author", "namespace", "source", "id"};
        Label[] values = new Label[fields.length];
        for (int i = 0; i < fields.length; i++) {
            Label key = new Label(fields[i]);
            key.getStyleClass().add(Styles.TEXT_MUTED);
            key.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            values[i] = new Label("–");
            values[i].setId("archivesMeta-" + fields[i]);
            values[i].setWrapText(true);
            grid.addRow(i, key, values[i]);
        }
        Label filesHeading = new Label("Files");
        filesHeading.getStyleClass().add(Styles.TEXT_BOLD);
        ListView<String> files = new ListView<>();
        files.setId("archivesFiles");
        files.getStyleClass().add(Styles.DENSE);
        vm.selectedProperty().addListener((obs, old, entry) -> {
            KployMetadata m = entry == null ? null : entry.metadata();
            values[0].setText(m == null ? "–" : orDash(m.name()));
            values[1].setText(m == null ? "–" : orDash(m.author()));
            values[2].setText(m == null ? "–" : orDash(m.namespace()));
            values[3].setText(m == null ? "–" : orDash(m.source()));
            values[4].setText(entry == null ? "–" : entry.id());
            files.getItems().setAll(m == null ? java.util.List.of() : m.files());
        });
        VBox box = new VBox(8, heading, grid, filesHeading, files);
        VBox.setVgrow(files, Priority.ALWAYS);
        box.setPadding(new Insets(0, 0, 0, 8));
        return box;
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    /** {@code 2026-11-29T06:44:12.345Z} as {@code 2026-11-29 06:44}. */
    static String minutes(String timestamp) {
        return timestamp.length() >= 16 ? timestamp.substring(0, 16).replace('T', ' ') : timestamp;
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "–" : text;
    }

    private static TableColumn<ArchiveEntry, String> column(
            String title, double width, Function<ArchiveEntry, String> value) {
        return Controls.textColumn(title, width, value);
    }

    private static Button button(String id, String text, String style) {
        return Controls.button(id, text, style);
    }
}
