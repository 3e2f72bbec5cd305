package io.keyport.desktop.images;

import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.keyport.desktop.shell.Controls;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Images view: teams and their repositories on the left; on the right the repository's tags
 * above the selected tag's details, in tabs (overview with the pull commands to copy, layers or an
 * index's platforms, config, referrers and the manifest as pushed), or the usage chart per team.
 * Admins get *Take down…* in the toolbar.
 */
final class ImagesView extends BorderPane {

    private static final String[] FIELDS = {
        "Repository",
        "Tag",
        "Kind",
        "Digest",
        "Media type",
        "Size",
        "Created",
        "Pushed by",
        "SCM source",
        "Platform",
        "Runs"
    };

    ImagesView(ImagesViewModel vm) {
        Label title = new Label("Images");
        title.getStyleClass().add(Styles.TITLE_3);
        Button takeDown = Controls.button("imagesTakeDown", "Take down…", Styles.DANGER);
        takeDown.setVisible(vm.canTakeDown());
        takeDown.setManaged(vm.canTakeDown());
        takeDown.disableProperty().bind(vm.detailsProperty().isNull().or(vm.busyProperty()));
        takeDown.setOnAction(e -> vm.takeDown());
        Button refresh = Controls.button("imagesRefresh", "Refresh", Styles.FLAT);
        refresh.disableProperty().bind(vm.busyProperty());
        refresh.setOnAction(e -> vm.load());
        HBox toolbar = new HBox(8, title, new Spacer(), takeDown, refresh);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        TableView<TagSummary> table = tags(vm);
        SplitPane tagsAndDetails = new SplitPane(table, details(vm));
        tagsAndDetails.setOrientation(javafx.geometry.Orientation.VERTICAL);
        tagsAndDetails.setDividerPositions(0.33);
        Tab tagsTab = new Tab("Tags", tagsAndDetails);
        tagsTab.setId("imagesTagsTab");
        Tab storageTab = new Tab("Usage per team", storageChart(vm));
        storageTab.setId("imagesStorageTab");
        TabPane middle = new TabPane(tagsTab, storageTab);
        middle.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        SplitPane center = new SplitPane(browser(vm), middle);
        center.setDividerPositions(0.15);

        Label status = new Label();
        status.setId("imagesStatus");
        status.textProperty().bind(vm.statusProperty());
        ProgressBar busy = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        busy.getStyleClass().add(Styles.SMALL);
        busy.visibleProperty().bind(vm.busyProperty());
        HBox bottom = new HBox(8, status, new Spacer(), busy);
        bottom.setAlignment(Pos.CENTER_LEFT);

        setTop(toolbar);
        setCenter(center);
        setBottom(bottom);
        BorderPane.setMargin(center, new Insets(10, 0, 6, 0));
        setPadding(new Insets(12));
    }

    /** Teams above the chosen team's repositories. */
    private static VBox browser(ImagesViewModel vm) {
        ListView<String> teams = chooser("imagesTeams", vm.teams(), vm.teamProperty(), vm::showTeam);
        ListView<String> artifacts =
                chooser("imagesArtifacts", vm.artifacts(), vm.artifactProperty(), vm::showArtifact);
        VBox box = new VBox(6, bold("Teams"), teams, bold("Repositories"), artifacts);
        VBox.setVgrow(teams, Priority.SOMETIMES);
        VBox.setVgrow(artifacts, Priority.ALWAYS);
        teams.setPrefHeight(160);
        box.setMinWidth(120);
        return box;
    }

    /** A list whose selection follows {@code chosen} and reports the user's choice to {@code choose}. */
    private static ListView<String> chooser(
            String id,
            javafx.collections.ObservableList<String> items,
            javafx.beans.value.ObservableValue<String> chosen,
            java.util.function.Consumer<String> choose) {
        ListView<String> list = new ListView<>(items);
        list.setId(id);
        list.getStyleClass().add(Styles.DENSE);
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> choose.accept(now));
        chosen.addListener((obs, old, now) -> list.getSelectionModel().select(now));
        items.addListener((javafx.collections.ListChangeListener<String>)
                change -> list.getSelectionModel().select(chosen.getValue()));
        return list;
    }

    private static TableView<TagSummary> tags(ImagesViewModel vm) {
        TableView<TagSummary> table = new TableView<>(vm.tags());
        table.setId("imagesTable");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns()
                .setAll(
                        Controls.textColumn("Tag", 150, TagSummary::name),
                        Controls.textColumn("Kind", 100, vm::kind),
                        Controls.textColumn("Digest", 130, t -> shortDigest(vm.digest(t))),
                        Controls.textColumn("Size", 100, t -> vm.size(t) == null ? "–" : size(vm.size(t))),
                        Controls.textColumn("Created (UTC)", 160, t -> minutes(t.created())),
                        Controls.textColumn("Pushed by", 100, t -> orDash(t.createdBy())));
        table.setPlaceholder(new Label("No tags in this repository"));
        table.getSelectionModel()
                .selectedItemProperty()
                .addListener((obs, old, tag) -> vm.selectedProperty().set(tag));
        vm.selectedProperty().addListener((obs, old, tag) -> {
            if (tag != null && tag != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(tag);
            }
        });
        vm.detailsProperty().addListener((obs, old, now) -> table.refresh()); // digest and size now known
        return table;
    }

    /** Bytes per team as bars, in the unit that fits the largest. */
    private static Node storageChart(ImagesViewModel vm) {
        CategoryAxis x = new CategoryAxis();
        x.setLabel("team");
        NumberAxis y = new NumberAxis();
        y.setMinorTickVisible(false);
        BarChart<String, Number> chart = new BarChart<>(x, y);
        chart.setId("imagesStorageChart");
        chart.setTitle("Storage used per team");
        chart.setLegendVisible(false);
        chart.setAnimated(false);
        chart.setCategoryGap(12);
        Label note = new Label();
        note.setId("imagesStorageNote");
        note.getStyleClass().add(Styles.TEXT_MUTED);
        note.setWrapText(true);
        Runnable fill = () -> {
            List<TeamStorage> teams = List.copyOf(vm.storage());
            boolean bytes = teams.stream().allMatch(t -> t.storage() != null);
            long tags = teams.stream().mapToLong(TeamStorage::tags).sum();
            long total = bytes ? teams.stream().mapToLong(TeamStorage::storage).sum() : 0;
            Unit unit = Unit.fitting(
                    bytes ? teams.stream().mapToLong(TeamStorage::storage).max().orElse(0) : 1);
            chart.setTitle(bytes ? "Storage used per team" : "Tags per team");
            y.setLabel(bytes ? unit.label : "tags");
            XYChart.Series<String, Number> series = new XYChart.Series<>();
            for (TeamStorage t : teams) {
                series.getData()
                        .add(new XYChart.Data<>(t.team(), bytes ? t.storage() / (double) unit.bytes : t.tags()));
            }
            chart.getData().setAll(List.of(series));
            y.setAutoRanging(bytes);
            if (!bytes) { // counts: whole-number ticks
                long most = teams.stream().mapToLong(TeamStorage::tags).max().orElse(0);
                y.setLowerBound(0);
                y.setUpperBound(most + 1);
                y.setTickUnit(Math.max(1, Math.ceil((most + 1) / 10.0)));
            }
            String counted = tags + " tags of " + teams.size() + (teams.size() == 1 ? " team" : " teams");
            note.setText(
                    teams.isEmpty()
                            ? "No images yet."
                            : bytes
                                    ? size(total) + " in " + counted
                                            + ". A blob that several teams use counts for each of them."
                                    : counted + ". (This server does not report the storage per team.)");
        };
        vm.storage().addListener((javafx.collections.ListChangeListener<TeamStorage>) change -> fill.run());
        fill.run();
        VBox box = new VBox(6, chart, note);
        VBox.setVgrow(chart, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    private enum Unit {
        BYTES(1, "bytes"),
        KIB(1024, "KiB"),
        MIB(1024 * 1024, "MiB"),
        GIB(1024L * 1024 * 1024, "GiB");

        final long bytes;
        final String label;

        Unit(long bytes, String label) {
            this.bytes = bytes;
            this.label = label;
        }

        static Unit fitting(long max) {
            Unit unit = BYTES;
            for (Unit candidate : values()) {
                if (max >= 2 * candidate.bytes) {
                    unit = candidate;
                }
            }
            return unit;
        }
    }

    /** The selected tag: overview with pull commands, layers or platforms, config, referrers, manifest. */
    private static Node details(ImagesViewModel vm) {
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(4);
        Label[] values = new Label[FIELDS.length];
        for (int i = 0; i < FIELDS.length; i++) {
            Label key = new Label(FIELDS[i]);
            key.getStyleClass().add(Styles.TEXT_MUTED);
            key.setMinWidth(Region.USE_PREF_SIZE);
            values[i] = new Label("–");
            values[i].setId("imagesField-" + FIELDS[i].toLowerCase(Locale.ROOT).replace(' ', '-'));
            values[i].setWrapText(true);
            grid.addRow(i, key, values[i]);
        }
        TextField pull = copyable("imagesPull", vm.pullCommandProperty());
        TextField pullDigest = copyable("imagesPullDigest", vm.pullByDigestProperty());
        VBox overview = new VBox(
                8,
                grid,
                bold("Pull"),
                new HBox(6, pull, copyButton("imagesCopyPull", pull)),
                new HBox(6, pullDigest, copyButton("imagesCopyPullDigest", pullDigest)));
        HBox.setHgrow(pull, Priority.ALWAYS);
        HBox.setHgrow(pullDigest, Priority.ALWAYS);
        overview.setPadding(new Insets(8));

        TableView<Descriptor> layers = new TableView<>();
        layers.setId("imagesLayers");
        layers.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        layers.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        layers.setPlaceholder(new Label("Select a tag"));
        Tab layersTab = new Tab("Layers", layers);
        layersTab.setId("imagesLayersTab");

        TextArea config = text("imagesConfig");
        TextArea manifest = text("imagesManifest");
        TableView<Referrer> referrers = new TableView<>();
        referrers.setId("imagesReferrers");
        referrers.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
        referrers.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        referrers.setPlaceholder(new Label("No signatures, SBOMs or other artifacts refer to this image"));
        referrers
                .getColumns()
                .setAll(
                        Controls.textColumn("Kind", 100, Referrer::kind),
                        Controls.textColumn("Digest", 130, r -> shortDigest(r.digest())),
                        Controls.textColumn("Size", 100, r -> size(r.size())),
                        Controls.textColumn("Artifact type", 120, r -> orDash(r.artifactType())));
        Tab referrersTab = new Tab("Referrers", referrers);
        referrersTab.setId("imagesReferrersTab");

        vm.detailsProperty().addListener((obs, old, d) -> {
            TagSummary tag = vm.selectedProperty().get();
            ManifestDetails m = d == null ? null : d.manifest();
            ImageConfig c = d == null ? null : d.config();
            String[] shown = {
                d == null ? vm.repository() : d.repository(),
                tag == null ? "–" : tag.name(),
                tag == null
                        ? "–"
                        : vm.kind(tag) + (vm.kind(tag).equals("immutable") ? " (never moves)" : " (may move)"),
                m == null ? "–" : m.digest(),
                m == null ? "–" : orDash(m.mediaType()),
                d == null || tag == null
                        ? "–"
                        : size(vm.size(tag))
                                + (m.isIndex()
                                        ? " (manifests of " + m.manifests().size() + " platforms)"
                                        : ""),
                tag == null ? "–" : minutes(tag.created()) + " UTC",
                tag == null ? "–" : orDash(tag.createdBy()),
                d == null || d.scmSource() == null
                        ? "–"
                        : d.scmSource().summary()
                                + (d.scmSource().author() == null
                                        ? ""
                                        : " by " + d.scmSource().author()),
                m == null
                        ? "–"
                        : m.isIndex()
                                ? String.join(
                                        ", ",
                                        m.manifests().stream()
                                                .map(p -> orDash(p.platform()))
                                                .toList())
                                : c == null ? orDash(m.artifactType()) : c.platform(),
                c == null ? "–" : orDash(c.command())
            };
            for (int i = 0; i < values.length; i++) {
                values[i].setText(shown[i] == null ? "–" : shown[i]);
            }
            layersTab.setText(m != null && m.isIndex() ? "Platforms" : "Layers");
            layers.getColumns().setAll(layerColumns(m != null && m.isIndex()));
            layers.getItems().setAll(m == null ? List.of() : m.isIndex() ? m.manifests() : m.layers());
            config.setText(
                    c == null ? (m != null && m.isIndex() ? "An index has no config: see Platforms." : "") : c.json());
            manifest.setText(m == null ? "" : m.json());
            referrers.getItems().setAll(d == null ? List.of() : d.referrers());
            referrersTab.setText(
                    d == null || d.referrers().isEmpty()
                            ? "Referrers"
                            : "Referrers (" + d.referrers().size() + ")");
        });

        Tab overviewTab = new Tab("Overview", overview);
        overviewTab.setId("imagesOverviewTab");
        Tab configTab = new Tab("Config", config);
        configTab.setId("imagesConfigTab");
        Tab manifestTab = new Tab("Manifest", manifest);
        manifestTab.setId("imagesManifestTab");
        TabPane tabs = new TabPane(overviewTab, layersTab, configTab, referrersTab, manifestTab);
        tabs.setId("imagesDetailTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        VBox box = new VBox(tabs);
        VBox.setVgrow(tabs, Priority.ALWAYS);
        box.setMinHeight(200);
        return box;
    }

    private static List<TableColumn<Descriptor, String>> layerColumns(boolean index) {
        if (index) {
            return List.of(
                    Controls.textColumn("Platform", 130, d -> orDash(d.platform())),
                    Controls.textColumn("Digest", 130, d -> shortDigest(d.digest())),
                    Controls.textColumn("Size", 100, d -> size(d.size())),
                    Controls.textColumn("Media type", 120, d -> orDash(mediaTail(d.mediaType()))));
        }
        return List.of(
                Controls.textColumn("Digest", 130, d -> shortDigest(d.digest())),
                Controls.textColumn("Size", 100, d -> size(d.size())),
                Controls.textColumn("Media type", 120, d -> orDash(mediaTail(d.mediaType()))));
    }

    private static TextField copyable(String id, javafx.beans.value.ObservableValue<String> value) {
        TextField field = new TextField();
        field.setId(id);
        field.setEditable(false);
        field.getStyleClass().add(Styles.SMALL);
        field.textProperty().bind(value);
        return field;
    }

    private static Button copyButton(String id, TextField source) {
        Button copy = Controls.button(id, "Copy", null);
        copy.getStyleClass().add(Styles.SMALL);
        copy.disableProperty()
                .bind(Bindings.createBooleanBinding(() -> source.getText().isEmpty(), source.textProperty()));
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(source.getText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        return copy;
    }

    private static TextArea text(String id) {
        TextArea area = new TextArea();
        area.setId(id);
        area.setEditable(false);
        area.getStyleClass().add(Styles.SMALL);
        area.setStyle("-fx-font-family: monospace;");
        return area;
    }

    private static Label bold(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_BOLD);
        return label;
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    /**
     * {@code sha256:0123456789abcdef...} as {@code 0123456789ab} (as docker shows image ids); other
     * algorithms keep their name ({@code sha512:0123456789ab}).
     */
    static String shortDigest(String digest) {
        if (digest == null) {
            return "–";
        }
        int colon = digest.indexOf(':');
        String hex = digest.substring(colon + 1);
        String shown = hex.length() > 12 ? hex.substring(0, 12) : hex;
        return digest.startsWith("sha256:") ? shown : digest.substring(0, colon + 1) + shown;
    }

    /** {@code application/vnd.oci.image.layer.v1.tar+gzip} as {@code layer.v1.tar+gzip}. */
    static String mediaTail(String mediaType) {
        if (mediaType == null) {
            return null;
        }
        if (mediaType.startsWith("application/vnd.oci.image.")) {
            return mediaType.substring("application/vnd.oci.image.".length());
        }
        if (mediaType.startsWith("application/vnd.docker.image.rootfs.")) {
            return "docker " + mediaType.substring("application/vnd.docker.image.rootfs.".length());
        }
        return mediaType;
    }

    /** {@code 2026-11-29T06:44:12.345Z} as {@code 2026-11-29 06:44}. */
    static String minutes(String timestamp) {
        if (timestamp == null) {
            return "–";
        }
        return timestamp.length() >= 16 ? timestamp.substring(0, 16).replace('T', ' ') : timestamp;
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "–" : text;
    }
}
