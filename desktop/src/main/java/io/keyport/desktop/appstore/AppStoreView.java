package io.keyport.desktop.appstore;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.keyport.model.appstore.Package;
import io.keyport.model.appstore.PackageVersion;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The App Store screen, built in code: search and the packages on the left, the chosen package on
 * the right with its versions and tabs for readme, values, values schema and Chart.yaml. It only
 * binds to {@link AppStoreViewModel}. Ids for tests: {@code #appstoreQuery}, {@code #appstoreSearch},
 * {@code #appstorePackages}, {@code #appstoreHeading}, {@code #appstoreVersions},
 * {@code #appstoreReadme}, {@code #appstoreValues}, {@code #appstoreSchema}, {@code #appstoreChart},
 * {@code #appstoreStatus}, {@code #appstoreInstall}.
 */
final class AppStoreView extends BorderPane {

    /** {@code onInstall} opens the install form of the package on screen. */
    AppStoreView(AppStoreViewModel vm, Runnable onInstall) {
        Label title = new Label("App Store");
        title.getStyleClass().add(Styles.TITLE_3);
        TextField query = new TextField();
        query.setId("appstoreQuery");
        query.setPromptText("Search name, description, keywords");
        query.textProperty().bindBidirectional(vm.queryProperty());
        query.setOnAction(e -> vm.search());
        HBox.setHgrow(query, Priority.ALWAYS);
        Button search = new Button("Search");
        search.setId("appstoreSearch");
        search.getStyleClass().add(Styles.ACCENT);
        search.disableProperty().bind(vm.busyProperty());
        search.setOnAction(e -> vm.search());
        HBox toolbar = new HBox(8, title, query, search);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        ListView<Package> list = new ListView<>(vm.packages());
        list.setId("appstorePackages");
        list.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Package p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : AppStoreViewModel.summary(p));
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, p) -> vm.open(p));

        Label heading = new Label();
        heading.setId("appstoreHeading");
        heading.getStyleClass().add(Styles.TITLE_4);
        heading.textProperty().bind(vm.headingProperty());
        ListView<PackageVersion> versions = new ListView<>(vm.versions());
        versions.setId("appstoreVersions");
        versions.setPrefWidth(230);
        versions.setMinWidth(230);
        versions.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(PackageVersion version, boolean empty) {
                super.updateItem(version, empty);
                setText(
                        empty || version == null
                                ? null
                                : AppStoreViewModel.versionLabels(java.util.List.of(version))
                                        .getFirst());
            }
        });
        versions.getSelectionModel().selectedItemProperty().addListener((obs, old, v) -> vm.openVersion(v));
        // the list marks the version on screen, also when it was chosen by opening the package
        vm.detailProperty().addListener((obs, old, d) -> {
            if (d != null) {
                versions.getItems().stream()
                        .filter(v -> v.version().equals(d.version()))
                        .findFirst()
                        .ifPresent(v -> versions.getSelectionModel().select(v));
            }
        });
        TabPane tabs = new TabPane(
                tab("Readme", text("appstoreReadme", vm.readmeProperty())),
                tab("Values", text("appstoreValues", vm.valuesProperty())),
                tab("Values schema", text("appstoreSchema", vm.schemaProperty())),
                tab("Chart.yaml", text("appstoreChart", vm.chartYamlProperty())));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        HBox body = new HBox(12, versions, tabs);
        HBox.setHgrow(tabs, Priority.ALWAYS);
        VBox.setVgrow(body, Priority.ALWAYS);
        Label versionsTitle = new Label("Versions, newest first");
        versionsTitle.getStyleClass().add(Styles.TEXT_MUTED);
        Button install = new Button("Install…");
        install.setId("appstoreInstall");
        install.getStyleClass().add(Styles.ACCENT);
        install.disableProperty().bind(vm.busyProperty().or(vm.detailProperty().isNull()));
        install.setOnAction(e -> onInstall.run());
        HBox headingRow = new HBox(12, heading, install);
        headingRow.setAlignment(Pos.CENTER_LEFT);
        VBox details = new VBox(8, headingRow, versionsTitle, body);
        details.setPadding(new Insets(0, 0, 0, 12));

        SplitPane split = new SplitPane(list, details);
        split.setDividerPositions(0.32);

        ProgressBar progress = new ProgressBar();
        progress.getStyleClass().add(Styles.SMALL);
        progress.visibleProperty().bind(vm.busyProperty());
        Label status = new Label();
        status.setId("appstoreStatus");
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.textProperty().bind(vm.statusProperty());
        HBox bottom = new HBox(8, progress, status);
        bottom.setAlignment(Pos.CENTER_LEFT);

        setTop(toolbar);
        setCenter(split);
        setBottom(bottom);
        setPadding(new Insets(16));
        BorderPane.setMargin(split, new Insets(12, 0, 12, 0));
    }

    private static Tab tab(String name, TextArea content) {
        return new Tab(name, content);
    }

    private static TextArea text(String id, javafx.beans.value.ObservableValue<String> value) {
        TextArea area = new TextArea();
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(false);
        area.setStyle("-fx-font-family: monospace;");
        area.textProperty().bind(value);
        return area;
    }
}
