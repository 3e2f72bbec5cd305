package io.keyport.desktop.tuf;

import atlantafx.base.controls.Message;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.keyport.desktop.shell.Controls;
import io.keyport.model.tuf.TufTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The TUF view: a header with the repository's summary and the console's own verification of it,
 * then tabs for the roles (table, selected role's signers, expiry timeline), pending signatures,
 * tasks, artifacts and the online key. Before the bootstrap only the explanation and the online key
 * show. The countdowns move every second from the view model's clock.
 */
final class TufView extends BorderPane {

    private final TufViewModel vm;

    TufView(TufViewModel vm) {
        this.vm = vm;
        Label title = new Label("TUF repository");
        title.getStyleClass().add(Styles.TITLE_3);
        Label summary = new Label();
        summary.setId("tufSummary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(vm.summaryProperty());
        Button refresh = Controls.button("tufRefresh", "Refresh", Styles.FLAT);
        refresh.disableProperty().bind(vm.busyProperty());
        refresh.setOnAction(e -> vm.load());
        title.setMinWidth(Region.USE_PREF_SIZE);
        summary.setWrapText(true);
        HBox toolbar = new HBox(12, title, new Spacer(), refresh);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        Message verification = new Message();
        verification.setId("tufVerification");
        verification.visibleProperty().bind(vm.bootstrappedProperty());
        verification.managedProperty().bind(verification.visibleProperty());
        Runnable showVerification = () -> {
            verification.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
            verification.getStyleClass().add(vm.verifiedProperty().get() ? Styles.SUCCESS : Styles.DANGER);
            verification.setTitle(vm.verifiedProperty().get() ? "Repository verified" : "Repository does not verify");
            verification.setDescription(vm.verificationProperty().get());
        };
        vm.verificationProperty().addListener((obs, old, now) -> showVerification.run());

        Message notBootstrapped = new Message();
        notBootstrapped.setId("tufNotBootstrapped");
        notBootstrapped.getStyleClass().add(Styles.WARNING);
        notBootstrapped.setTitle("Not bootstrapped");
        notBootstrapped.descriptionProperty().bind(vm.bootstrapMessageProperty());
        notBootstrapped
                .visibleProperty()
                .bind(vm.loadedProperty().and(vm.bootstrappedProperty().not()));
        notBootstrapped.managedProperty().bind(notBootstrapped.visibleProperty());

        // one online key pane: in its tab once bootstrapped, alone below the explanation before
        javafx.scene.Node keyPane = onlineKey();
        Tab keyTab = tab("tufTabOnlineKey", "Online key", null);
        TabPane tabs = new TabPane(
                tab("tufTabRoles", "Roles", roles()),
                tab("tufTabPending", "Pending signatures", pending()),
                tab("tufTabTasks", "Tasks", tasks()),
                tab("tufTabArtifacts", "Artifacts", artifacts()),
                keyTab);
        tabs.setId("tufTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.visibleProperty().bind(vm.bootstrappedProperty());
        VBox before = new VBox(12);
        before.visibleProperty()
                .bind(vm.loadedProperty().and(vm.bootstrappedProperty().not()));
        Runnable placeKey = () -> {
            if (vm.bootstrappedProperty().get()) {
                before.getChildren().clear();
                keyTab.setContent(keyPane);
            } else {
                keyTab.setContent(null);
                before.getChildren().setAll(keyPane);
            }
        };
        vm.bootstrappedProperty().addListener((obs, old, now) -> placeKey.run());
        placeKey.run();
        StackPane center = new StackPane(tabs, before);

        Label status = new Label();
        status.setId("tufStatus");
        status.textProperty().bind(vm.statusProperty());
        ProgressBar busy = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        busy.getStyleClass().add(Styles.SMALL);
        busy.visibleProperty().bind(vm.busyProperty());
        HBox bottom = new HBox(8, status, new Spacer(), busy);
        bottom.setAlignment(Pos.CENTER_LEFT);

        setTop(new VBox(10, toolbar, summary, verification, notBootstrapped));
        setCenter(center);
        setBottom(bottom);
        BorderPane.setMargin(center, new Insets(10, 0, 6, 0));
        setPadding(new Insets(12));

        Timeline ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> vm.tick()));
        ticker.setCycleCount(Timeline.INDEFINITE);
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene == null) {
                ticker.stop();
            } else {
                ticker.play();
            }
        });
    }

    private static Tab tab(String id, String text, javafx.scene.Node content) {
        Tab tab = new Tab(text, content);
        tab.setId(id);
        return tab;
    }

    // ---- roles

    private javafx.scene.Node roles() {
        TableView<RoleStatus> table = new TableView<>(vm.roles());
        table.setId("tufRoles");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<RoleStatus, String> countdown = new TableColumn<>("Expires");
        countdown.setPrefWidth(120);
        countdown.setMinWidth(120);
        countdown.setCellValueFactory(
                row -> Bindings.createStringBinding(() -> vm.countdown(row.getValue()), vm.nowProperty()));
        coloured(countdown, role -> foreground(vm.level(role)));
        TableColumn<RoleStatus, String> signatures =
                column("Signed", 70, r -> r.loaded() ? r.validSignatures() + " of " + r.threshold() : "–");
        coloured(
                signatures,
                role -> !role.loaded() ? null : role.signedEnough() ? "-color-success-fg" : "-color-danger-fg");
        table.getColumns()
                .setAll(List.of(
                        column("Role", 90, RoleStatus::name),
                        column("Version", 80, r -> Long.toString(r.version())),
                        column("Expires (UTC)", 150, r -> r.expires() == null ? "not loaded" : minutes(r.expires())),
                        countdown,
                        column("Threshold", 94, r -> r.loaded() ? Integer.toString(r.threshold()) : "–"),
                        signatures,
                        column(
                                "Signers",
                                200,
                                r -> String.join(
                                        ", ",
                                        r.signers().stream()
                                                .map(RoleStatus.Signer::label)
                                                .toList()))));
        table.setPlaceholder(new Label("Nothing published"));
        table.getSelectionModel()
                .selectedItemProperty()
                .addListener((obs, old, role) -> vm.selectedRoleProperty().set(role));
        vm.selectedRoleProperty().addListener((obs, old, role) -> {
            if (role != null && role != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(role);
            }
        });

        VBox details = roleDetails();
        SplitPane split = new SplitPane(table, details);
        split.setDividerPositions(0.7);
        ExpiryTimeline timeline = new ExpiryTimeline(vm);
        VBox box = new VBox(10, split, timeline);
        VBox.setVgrow(split, Priority.ALWAYS);
        box.setPadding(new Insets(8, 0, 0, 0));
        return box;
    }

    private VBox roleDetails() {
        Label heading = new Label("Select a role");
        heading.setId("tufRoleHeading");
        heading.getStyleClass().add(Styles.TEXT_BOLD);
        VBox signers = new VBox(4);
        signers.setId("tufRoleSigners");
        vm.selectedRoleProperty().addListener((obs, old, role) -> {
            signers.getChildren().clear();
            if (role == null) {
                heading.setText("Select a role");
                return;
            }
            heading.setText(role.name() + " v" + role.version());
            if (!role.loaded()) {
                signers.getChildren().add(new Label("Not loaded: only its version from the snapshot is shown."));
                return;
            }
            signers.getChildren().add(muted("Expires " + time(role.expires()) + " UTC (" + vm.countdown(role) + ")"));
            signers.getChildren()
                    .add(muted("Threshold " + role.threshold() + "; " + role.validSignatures() + " valid signature"
                            + (role.validSignatures() == 1 ? "" : "s")
                            + (role.online() ? "; signed online by the server" : "; signed offline")));
            signers.getChildren().forEach(n -> wrapped((Label) n));
            for (RoleStatus.Signer s : role.signers()) {
                Label name = new Label((s.signed() ? "✔ " : "✘ ") + (s.name() == null ? "(no name)" : s.name()));
                name.setStyle("-fx-text-fill: " + (s.signed() ? "-color-success-fg" : "-color-danger-fg") + ";");
                Label id = new Label(s.keyId());
                id.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
                id.setWrapText(true);
                signers.getChildren().addAll(name, id);
            }
        });
        VBox box = new VBox(8, heading, signers);
        box.setPadding(new Insets(0, 0, 0, 8));
        box.setMinWidth(220);
        return box;
    }

    // ---- pending signatures

    /** One threshold of one pending role, as a table row. */
    private record PendingRow(
            String role, long version, String against, long signed, int threshold, String stillToSign) {}

    private javafx.scene.Node pending() {
        TableView<PendingRow> table = new TableView<>();
        table.setId("tufPending");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns()
                .setAll(List.of(
                        column("Role", 90, PendingRow::role),
                        column("Version", 60, r -> Long.toString(r.version())),
                        column("Threshold of", 130, PendingRow::against),
                        column("Signed", 70, r -> r.signed() + " of " + r.threshold()),
                        column("Still to sign", 300, PendingRow::stillToSign)));
        Runnable fill = () -> {
            List<PendingRow> rows = new ArrayList<>();
            for (SigningStatus.PendingRole p : vm.pending()) {
                if (p.requirements().isEmpty()) {
                    rows.add(new PendingRow(p.role(), p.version(), "unknown delegator", 0, 0, "–"));
                }
                for (SigningStatus.Requirement r : p.requirements()) {
                    rows.add(new PendingRow(
                            p.role(),
                            p.version(),
                            r.against(),
                            r.signed(),
                            r.threshold(),
                            r.missing() == 0
                                    ? "threshold reached"
                                    : r.missing() + " more of: " + String.join(", ", r.stillToSign())));
                }
            }
            table.getItems().setAll(rows);
        };
        vm.pending().addListener((ListChangeListener<SigningStatus.PendingRole>) c -> fill.run());
        Label message = new Label();
        message.setId("tufPendingMessage");
        message.textProperty().bind(vm.pendingMessageProperty());
        table.setPlaceholder(message);
        Label explain = muted("A new root needs the threshold of the trusted root and its own; a delegated role,"
                + " that of the role delegating to it. Signatures are checked here, not taken from the server.");
        explain.setWrapText(true);
        VBox box = new VBox(8, explain, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(8, 0, 0, 0));
        return box;
    }

    // ---- tasks

    private javafx.scene.Node tasks() {
        TableView<TufViewModel.TaskRow> table = new TableView<>(vm.tasks());
        table.setId("tufTasks");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<TufViewModel.TaskRow, String> state =
                column("State", 80, r -> orDash(r.state().state()));
        coloured(
                state,
                row -> row.state().state() == null
                        ? null
                        : taskColour(row.state().state()));
        table.getColumns()
                .setAll(List.of(
                        column(
                                "Accepted (UTC)",
                                130,
                                r -> r.ref() == null
                                        ? "looked up"
                                        : time(r.ref().accepted())),
                        column(
                                "Task",
                                130,
                                r -> orDash(r.state().name() != null ? r.state().name() : action(r))),
                        state,
                        column("By", 60, r -> r.ref() == null ? "–" : r.ref().actor()),
                        column("Message", 200, r -> orDash(r.state().message())),
                        column("Error", 160, r -> orDash(r.state().error())),
                        column("Task id", 120, r -> r.state().taskId())));
        Label message = new Label();
        message.textProperty().bind(vm.tasksMessageProperty());
        table.setPlaceholder(new Label("No tasks"));
        TextField lookup = new TextField();
        lookup.setId("tufTaskLookup");
        lookup.setPromptText("Task id (32 hex digits)");
        lookup.setPrefColumnCount(28);
        lookup.textProperty().bindBidirectional(vm.taskLookupProperty());
        lookup.setOnAction(e -> vm.lookUpTask());
        Button find = Controls.button("tufTaskLookupButton", "Look up", null);
        find.setOnAction(e -> vm.lookUpTask());
        find.disableProperty().bind(vm.busyProperty());
        HBox top = new HBox(8, message, new Spacer(), lookup, find);
        top.setAlignment(Pos.CENTER_LEFT);
        Label details = muted("");
        details.setId("tufTaskDetails");
        details.setWrapText(true);
        table.getSelectionModel()
                .selectedItemProperty()
                .addListener((obs, old, row) -> details.setText(
                        row == null || row.state().details() == null
                                ? ""
                                : "Details: " + row.state().details()));
        VBox box = new VBox(8, top, table, details);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(8, 0, 0, 0));
        return box;
    }

    private static String action(TufViewModel.TaskRow row) {
        return row.ref() == null ? null : row.ref().action();
    }

    // ---- artifacts

    private javafx.scene.Node artifacts() {
        TextField search = new TextField();
        search.setId("tufArtifactSearch");
        search.setPromptText("Search paths, hashes and custom fields");
        search.textProperty().bindBidirectional(vm.queryProperty());
        HBox.setHgrow(search, Priority.ALWAYS);
        Label count = new Label();
        count.setId("tufArtifactCount");
        count.textProperty().bind(vm.artifactsMessageProperty());
        HBox top = new HBox(8, search, count);
        top.setAlignment(Pos.CENTER_LEFT);
        TableView<ArtifactRow> table = new TableView<>(vm.artifacts());
        table.setId("tufArtifacts");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns()
                .setAll(List.of(
                        column("Path", 240, ArtifactRow::path),
                        column("Length", 70, r -> Long.toString(r.length())),
                        column("SHA-256", 170, r -> shortHash(r.sha256())),
                        column(
                                "Hashes",
                                90,
                                r -> String.join(
                                        ", ",
                                        r.hashes().keySet().stream().sorted().toList())),
                        column("Role", 70, ArtifactRow::role),
                        column("Custom", 200, r -> orDash(r.custom()))));
        table.setPlaceholder(new Label("No targets match"));
        VBox box = new VBox(8, top, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(8, 0, 0, 0));
        return box;
    }

    // ---- online key

    private javafx.scene.Node onlineKey() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(6);
        Label[] values = new Label[4];
        String[] names = {"keyid", "key type", "scheme", "keys held"};
        for (int i = 0; i < names.length; i++) {
            Label key = muted(names[i]);
            key.setMinWidth(Region.USE_PREF_SIZE);
            values[i] = new Label("–");
            values[i].setWrapText(true);
            grid.addRow(i, key, values[i]);
        }
        Message state = new Message();
        state.setTitle("Online key");
        Runnable show = () -> {
            SigningStatus.OnlineKeyStatus s = vm.onlineKeyProperty().get();
            state.getStyleClass().removeAll(Styles.SUCCESS, Styles.WARNING, Styles.DANGER, Styles.ACCENT);
            if (s == null) {
                return;
            }
            values[0].setText(s.keyId());
            values[1].setText(s.keyType());
            values[2].setText(s.scheme());
            values[3].setText(String.join(
                    ", ",
                    s.held().stream()
                            .map(id -> id.equals(s.keyId()) ? id.substring(0, 8) + " (signing)" : id.substring(0, 8))
                            .toList()));
            state.getStyleClass()
                    .add(
                            switch (s.state()) {
                                case IN_USE -> Styles.SUCCESS;
                                case ROTATION_PENDING -> Styles.WARNING;
                                case NOT_IN_ROOT -> Styles.DANGER;
                                case NO_ROOT -> Styles.ACCENT;
                            });
            state.setTitle(
                    switch (s.state()) {
                        case IN_USE -> "Online key in use";
                        case ROTATION_PENDING -> "Online key rotation pending";
                        case NOT_IN_ROOT -> "Online key not in root";
                        case NO_ROOT -> "Online key ready for the bootstrap";
                    });
            state.setDescription(s.detail());
        };
        vm.onlineKeyProperty().addListener((obs, old, now) -> show.run());
        show.run();
        Label heading = new Label("The server's online key");
        heading.getStyleClass().add(Styles.TEXT_BOLD);
        Label explain = muted("It signs targets, snapshot, timestamp and the bins. It is rotated by a new root that"
                + " names another key; the server re-signs every online role with it before publishing that root.");
        explain.setWrapText(true);
        VBox box = new VBox(10, heading, grid, state, explain);
        box.setPadding(new Insets(8, 0, 0, 0));
        box.setMaxWidth(900);
        values[0].setId("tufOnlineKeyId");
        values[3].setId("tufOnlineKeysHeld");
        state.setId("tufOnlineKeyState");
        return box;
    }

    // ---- helpers

    /** Colours each cell's text by its row ({@code -color-...-fg}; null: the default colour). */
    private static <R> void coloured(TableColumn<R, String> column, Function<R, String> colour) {
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                R row = empty ? null : getTableRow().getItem();
                String fill = row == null ? null : colour.apply(row);
                setText(empty ? null : text);
                setStyle(fill == null ? "" : "-fx-text-fill: " + fill + ";");
            }
        });
    }

    private static String foreground(Expiry.Level level) {
        return switch (level) {
            case OK -> "-color-success-fg";
            case WARNING -> "-color-warning-fg";
            case CRITICAL, EXPIRED -> "-color-danger-fg";
        };
    }

    private static String taskColour(String state) {
        return switch (state) {
            case "SUCCESS" -> "-color-success-fg";
            case "ERRORED", "FAILURE", "REVOKED", "REJECTED" -> "-color-danger-fg";
            default -> "-color-warning-fg";
        };
    }

    private static String time(java.time.Instant instant) {
        return TufTime.format(instant).replace('T', ' ').replace("Z", "");
    }

    /** {@code 2026-11-29 10:15}: the table's precision; the details show seconds. */
    private static String minutes(java.time.Instant instant) {
        return time(instant).substring(0, 16);
    }

    private static String shortHash(String hex) {
        return hex.length() > 16 ? hex.substring(0, 16) + "…" : hex;
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "–" : text;
    }

    private static Label wrapped(Label label) {
        label.setWrapText(true);
        return label;
    }

    private static Label muted(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TEXT_MUTED);
        return label;
    }

    private static <R> TableColumn<R, String> column(String title, double width, Function<R, String> value) {
        return Controls.textColumn(title, width, value);
    }
}
