package io.keyport.desktop.appstore;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.keyport.model.appstore.Release;
import io.keyport.model.appstore.ReleaseResource;
import io.keyport.model.appstore.ReleaseRevision;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The releases of the App Store, built in code and bound to {@link ReleasesViewModel}: the list
 * with status on the left (failed ones in the danger colour, with their message); on the right the chosen release's resources, history (roll back),
 * upgrade (dry run, then confirm) and uninstall. {@link #installForm} is the install form of a
 * chart, one control per field of its values schema with the field's problem under it. Ids for
 * tests: {@code #releasesList}, {@code #releaseResources}, {@code #releaseHistory},
 * {@code #releaseRollback}, {@code #releaseUpgradeVersion}, {@code #releaseUpgradeValues},
 * {@code #releasePreview}, {@code #releaseDiff}, {@code #releaseUpgrade}, {@code #releaseUninstall},
 * {@code #releasesStatus}, {@code #releaseFailure} (a failed release's message and what it takes
 * now), {@code #releaseDetails} (the scrolled details); in the form {@code #installNamespace}, {@code #installAdminGroups},
 * {@code #installSubmit}, {@code #installRefusals} (what the server refused that no field shows)
 * and {@code #field-<label>}.
 */
final class ReleasesView extends BorderPane {

    ReleasesView(ReleasesViewModel vm) {
        Label title = new Label("Releases");
        title.getStyleClass().add(Styles.TITLE_3);
        Button refresh = new Button("Refresh");
        refresh.disableProperty().bind(vm.busyProperty());
        refresh.setOnAction(e -> vm.refresh());
        HBox toolbar = new HBox(8, title, refresh);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        ListView<Release> list = new ListView<>(vm.releases());
        list.setId("releasesList");
        list.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        list.setCellFactory(v -> {
            ListCell<Release> cell = new ListCell<>() {
                @Override
                protected void updateItem(Release item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty || item == null ? null : ReleasesViewModel.summary(item));
                    boolean failed = !empty && item != null && "failed".equals(item.status());
                    // the theme's danger colour (a style class does not reach a list cell's text)
                    setStyle(failed ? "-fx-text-fill: -color-danger-fg;" : null);
                }
            };
            cell.setWrapText(true); // a failed release's message is long
            cell.prefWidthProperty().bind(v.widthProperty().subtract(24));
            return cell;
        });
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, r) -> {
            if (r != null && r != vm.selectedProperty().get()) {
                vm.select(r);
            }
        });

        Label heading = new Label();
        heading.getStyleClass().add(Styles.TITLE_4);
        heading.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.selectedProperty().get() == null
                                ? "Choose a release"
                                : ReleasesViewModel.headline(
                                        vm.selectedProperty().get()),
                        vm.selectedProperty()));
        heading.setWrapText(true);
        Label failure = new Label();
        failure.setId("releaseFailure");
        failure.getStyleClass().add(Styles.DANGER);
        failure.setWrapText(true);
        failure.textProperty().bind(vm.failureProperty());
        failure.visibleProperty().bind(vm.failureProperty().isNotEmpty());
        failure.managedProperty().bind(failure.visibleProperty());

        ListView<ReleaseResource> resources = new ListView<>(vm.resources());
        resources.setId("releaseResources");
        resources.setPrefHeight(150); // three lines of resources without scrolling
        resources.setCellFactory(cells(ReleasesViewModel::summary));

        ListView<ReleaseRevision> history = new ListView<>(vm.history());
        history.setId("releaseHistory");
        history.setPrefHeight(150);
        history.setCellFactory(cells(ReleasesViewModel::summary));
        Button rollback = new Button("Roll back to this revision");
        rollback.setId("releaseRollback");
        rollback.disableProperty()
                .bind(vm.busyProperty()
                        .or(history.getSelectionModel().selectedItemProperty().isNull()));
        rollback.setOnAction(e -> vm.rollback(history.getSelectionModel().getSelectedItem()));

        TextField version = new TextField();
        version.setId("releaseUpgradeVersion");
        version.setPromptText("chart version");
        version.textProperty().bindBidirectional(vm.upgradeVersionProperty());
        TextArea values = new TextArea();
        values.setId("releaseUpgradeValues");
        values.setPrefRowCount(3);
        values.setStyle("-fx-font-family: monospace;");
        values.textProperty().bindBidirectional(vm.upgradeValuesProperty());
        Button preview = new Button("Preview upgrade");
        preview.setId("releasePreview");
        preview.disableProperty()
                .bind(vm.busyProperty().or(vm.selectedProperty().isNull()));
        preview.setOnAction(e -> vm.previewUpgrade());
        TextArea diff = new TextArea();
        diff.setId("releaseDiff");
        diff.setEditable(false);
        diff.setPrefRowCount(3);
        diff.setStyle("-fx-font-family: monospace;");
        diff.textProperty().bind(vm.diffProperty());
        Button upgrade = new Button("Upgrade");
        upgrade.setId("releaseUpgrade");
        upgrade.getStyleClass().add(Styles.ACCENT);
        upgrade.disableProperty()
                .bind(vm.busyProperty().or(vm.previewedProperty().isNull()));
        upgrade.setOnAction(e -> vm.confirmUpgrade());
        Button uninstall = new Button("Uninstall");
        uninstall.setId("releaseUninstall");
        uninstall.getStyleClass().add(Styles.DANGER);
        uninstall
                .disableProperty()
                .bind(vm.busyProperty().or(vm.selectedProperty().isNull()));
        uninstall.setOnAction(e -> vm.uninstall());

        VBox resourcesBox = new VBox(6, muted("Resources"), resources);
        VBox historyBox = new VBox(6, muted("History, newest first"), history, rollback);
        HBox.setHgrow(resourcesBox, Priority.ALWAYS);
        HBox.setHgrow(historyBox, Priority.ALWAYS);
        VBox details = new VBox(
                6,
                heading,
                failure,
                new HBox(12, resourcesBox, historyBox),
                muted("Upgrade: chart version and values (JSON; values not given are kept)"),
                version,
                values,
                new HBox(8, preview, upgrade, uninstall),
                muted("Values difference of the dry run"),
                diff);
        details.setPadding(new Insets(0, 0, 0, 12));
        ScrollPane scroll = new ScrollPane(details);
        scroll.setId("releaseDetails");
        scroll.setFitToWidth(true);

        SplitPane split = new SplitPane(list, scroll);
        split.setDividerPositions(0.4);

        setTop(toolbar);
        setCenter(split);
        setBottom(statusBar(vm, "releasesStatus"));
        setPadding(new Insets(16));
        BorderPane.setMargin(split, new Insets(12, 0, 12, 0));
    }

    /** The install form of the chart in {@link ReleasesViewModel#installingProperty()}. */
    static Node installForm(ReleasesViewModel vm) {
        Label heading = new Label();
        heading.getStyleClass().add(Styles.TITLE_3);
        heading.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.installingProperty().get() == null
                                ? "Open a package in the catalogue and choose Install"
                                : "Install " + vm.installingProperty().get().id() + " "
                                        + vm.installingProperty().get().version(),
                        vm.installingProperty()));
        ComboBox<String> namespace = new ComboBox<>(vm.namespaces());
        namespace.setId("installNamespace");
        namespace.valueProperty().bindBidirectional(vm.namespaceProperty());
        TextField groups = new TextField();
        groups.setId("installAdminGroups");
        groups.setPromptText("teams, comma-separated");
        groups.textProperty().bindBidirectional(vm.adminGroupsProperty());
        GridPane grid = new GridPane(12, 4);
        java.util.Map<String, Label> problemLabels = new java.util.HashMap<>();
        vm.problems().addListener((MapChangeListener<String, String>) c -> {
            Label l = problemLabels.get(c.getKey());
            if (l != null) {
                l.setText(c.wasAdded() ? c.getValueAdded() : "");
            }
        });
        Runnable rebuild = () -> {
            grid.getChildren().clear();
            problemLabels.clear();
            int row = 0;
            grid.addRow(row++, new Label("Deployment target *"), namespace);
            grid.addRow(row++, new Label("Admin groups"), groups);
            for (ValuesForm.Field f : vm.fields()) {
                Label name = new Label(f.label() + (f.required() ? " *" : ""));
                Node control = control(vm, f);
                Label problem = new Label();
                problem.getStyleClass().add(Styles.DANGER);
                problem.setWrapText(true);
                problem.setMaxWidth(420);
                problem.setText(vm.problems().getOrDefault(f.pointer(), ""));
                problemLabels.put(f.pointer(), problem);
                Label hint = new Label(hint(f));
                hint.getStyleClass().add(Styles.TEXT_MUTED);
                grid.addRow(row++, name, control, problem);
                if (!hint.getText().isEmpty()) {
                    grid.add(hint, 1, row++);
                }
            }
        };
        vm.fields().addListener((ListChangeListener<ValuesForm.Field>) c -> rebuild.run());
        rebuild.run();
        Button install = new Button("Install");
        install.setId("installSubmit");
        install.getStyleClass().add(Styles.ACCENT);
        install.disableProperty()
                .bind(vm.busyProperty().or(vm.installingProperty().isNull()).or(Bindings.isNotEmpty(vm.problems())));
        install.setOnAction(e -> vm.install());
        // what the server refused that no field shows (a 422's errors of whole objects)
        VBox refused = new VBox(4);
        refused.setId("installRefusals");
        Runnable listRefusals = () -> {
            refused.getChildren().clear();
            if (!vm.refusals().isEmpty()) {
                Label head = new Label("The server refused these values:");
                head.getStyleClass().add(Styles.DANGER);
                refused.getChildren().add(head);
            }
            for (String r : vm.refusals()) {
                Label line = new Label("• " + r);
                line.getStyleClass().add(Styles.DANGER);
                line.setWrapText(true);
                refused.getChildren().add(line);
            }
        };
        vm.refusals().addListener((ListChangeListener<String>) c -> listRefusals.run());
        VBox form = new VBox(12, heading, grid, refused, install);
        form.setPadding(new Insets(16));
        ScrollPane scroll = new ScrollPane(form);
        scroll.setFitToWidth(true);
        BorderPane pane = new BorderPane(scroll);
        pane.setBottom(statusBar(vm, "installStatus"));
        return pane;
    }

    private static Node control(ReleasesViewModel vm, ValuesForm.Field f) {
        String id = "field-" + f.label();
        if (f.kind() == ValuesForm.Kind.ENUM || f.kind() == ValuesForm.Kind.BOOLEAN) {
            ComboBox<String> box = new ComboBox<>();
            if (!f.required()) {
                box.getItems().add("");
            }
            box.getItems()
                    .addAll(f.kind() == ValuesForm.Kind.BOOLEAN ? java.util.List.of("true", "false") : f.options());
            box.setId(id);
            box.setValue(vm.texts().getOrDefault(f.pointer(), ""));
            box.valueProperty().addListener((obs, old, v) -> vm.setText(f.pointer(), v == null ? "" : v));
            return box;
        }
        TextInputControl input = f.kind() == ValuesForm.Kind.JSON ? new TextArea() : new TextField();
        if (input instanceof TextArea area) {
            area.setPrefRowCount(2);
            area.setStyle("-fx-font-family: monospace;");
        }
        input.setId(id);
        input.setPrefWidth(280);
        input.setText(vm.texts().getOrDefault(f.pointer(), ""));
        input.textProperty().addListener((obs, old, v) -> vm.setText(f.pointer(), v));
        return input;
    }

    private static String hint(ValuesForm.Field f) {
        StringBuilder out = new StringBuilder(f.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (f.minimum() != null) {
            out.append(", min ").append(f.minimum().toPlainString());
        }
        if (f.maximum() != null) {
            out.append(", max ").append(f.maximum().toPlainString());
        }
        if (!f.description().isEmpty()) {
            out.append(" · ").append(f.description());
        }
        return out.toString();
    }

    private static Node statusBar(ReleasesViewModel vm, String id) {
        ProgressBar progress = new ProgressBar();
        progress.getStyleClass().add(Styles.SMALL);
        progress.visibleProperty().bind(vm.busyProperty());
        Label status = new Label();
        status.setId(id);
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.textProperty().bind(vm.statusProperty());
        HBox bottom = new HBox(8, progress, status);
        bottom.setAlignment(Pos.CENTER_LEFT);
        return bottom;
    }

    private static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_MUTED);
        return label;
    }

    private static <T> javafx.util.Callback<ListView<T>, ListCell<T>> cells(Function<T, String> text) {
        return v -> new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : text.apply(item));
            }
        };
    }
}
