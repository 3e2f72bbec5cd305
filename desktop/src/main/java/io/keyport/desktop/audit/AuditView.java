package io.keyport.desktop.audit;

import atlantafx.base.controls.Message;
import atlantafx.base.controls.Spacer;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.keyport.desktop.shell.Controls;
import io.keyport.model.audit.AuditEntry;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The audit log screen, built in code: filters on top, the verification outcome under them, the
 * page of entries beside the inspector, and paging, progress and status at the bottom. It only
 * binds to {@link AuditViewModel}. Ids for tests: {@code #auditActor}, {@code #auditAction},
 * {@code #auditTarget}, {@code #auditFrom}, {@code #auditTo}, {@code #auditSearch},
 * {@code #auditClear}, {@code #auditVerify}, {@code #auditExport}, {@code #auditVerification},
 * {@code #auditTable}, {@code #auditPrevious}, {@code #auditNext}, {@code #auditShown},
 * {@code #auditStatus}, {@code #auditProgress}, {@code #auditCancel} (shown while a verification
 * or export runs).
 */
final class AuditView extends BorderPane {

    AuditView(AuditViewModel vm) {
        TextField actor = filterField("auditActor", "Actor, e.g. jdoe");
        actor.textProperty().bindBidirectional(vm.actorProperty());
        TextField action = filterField("auditAction", "Action, e.g. team.create");
        action.textProperty().bindBidirectional(vm.actionProperty());
        TextField target = filterField("auditTarget", "Target, e.g. app:billing");
        target.textProperty().bindBidirectional(vm.targetProperty());
        DatePicker from = dayPicker("auditFrom", "From (UTC)");
        from.valueProperty().bindBidirectional(vm.fromDayProperty());
        DatePicker to = dayPicker("auditTo", "To (UTC)");
        to.valueProperty().bindBidirectional(vm.toDayProperty());
        Button search = button("auditSearch", "Search", Styles.ACCENT);
        search.disableProperty().bind(vm.canSearchProperty().not());
        search.setOnAction(e -> vm.search());
        Button clear = button("auditClear", "Clear", null);
        clear.disableProperty().bind(vm.busyProperty());
        clear.setOnAction(e -> vm.clearFilters());
        Button verify = button("auditVerify", "Verify chain", null);
        verify.disableProperty().bind(vm.busyProperty());
        verify.setOnAction(e -> vm.verify());
        Button export = button("auditExport", "Export…", null);
        export.disableProperty().bind(vm.busyProperty());
        export.setOnAction(e -> vm.export());
        Label range = new Label();
        range.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
        range.textProperty().bind(vm.rangeProblemProperty());
        Label title = new Label("Audit log");
        title.getStyleClass().add(Styles.TITLE_3);
        HBox toolbar = new HBox(8, title, new Spacer(), verify, export);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        HBox filters = new HBox(8, actor, action, target, from, to, search, clear);
        filters.setAlignment(Pos.CENTER_LEFT);
        for (TextField field : new TextField[] {actor, action, target}) {
            HBox.setHgrow(field, Priority.ALWAYS);
            field.setOnAction(e -> vm.search()); // Enter in a filter searches, without a scene-wide default button
        }
        range.managedProperty().bind(range.textProperty().isNotEmpty());

        Message verification = new Message();
        verification.setId("auditVerification");
        verification.setVisible(false);
        verification.setManaged(false);
        vm.verificationProperty().addListener((obs, old, result) -> showVerification(verification, result));

        TableView<AuditEntry> table = table(vm);
        SplitPane center = new SplitPane(table, new AuditEntryInspector(vm.selectedProperty()));
        center.setDividerPositions(0.62);

        Button previous = button("auditPrevious", "‹ Newer", Styles.FLAT);
        previous.disableProperty().bind(vm.hasPreviousProperty().not().or(vm.busyProperty()));
        previous.setOnAction(e -> vm.previousPage());
        Button next = button("auditNext", "Older ›", Styles.FLAT);
        next.disableProperty().bind(vm.hasNextProperty().not().or(vm.busyProperty()));
        next.setOnAction(e -> vm.nextPage());
        Label shown = new Label();
        shown.setId("auditShown");
        shown.textProperty().bind(vm.shownProperty());
        ProgressBar progress = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        progress.setId("auditProgress");
        progress.visibleProperty().bind(vm.busyProperty());
        progress.getStyleClass().add(Styles.SMALL);
        Label status = new Label();
        status.setId("auditStatus");
        Button cancel = button("auditCancel", "Cancel", Styles.SMALL);
        cancel.setOnAction(e -> vm.cancel());
        cancel.visibleProperty().bind(vm.taskProperty().isNotNull());
        cancel.managedProperty().bind(cancel.visibleProperty());
        // A verification or export shows its own progress and message (bytes received so far).
        vm.taskProperty().addListener((obs, old, running) -> {
            progress.progressProperty().unbind();
            status.textProperty().unbind();
            if (running == null) {
                progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
                status.textProperty().bind(vm.statusProperty());
            } else {
                progress.progressProperty().bind(running.progressProperty());
                status.textProperty()
                        .bind(Bindings.when(running.messageProperty().isEmpty())
                                .then(vm.statusProperty())
                                .otherwise(running.messageProperty()));
            }
        });
        status.textProperty().bind(vm.statusProperty());
        HBox bottom = new HBox(8, previous, shown, next, new Spacer(), status, progress, cancel);
        bottom.setAlignment(Pos.CENTER_LEFT);

        setTop(new VBox(10, toolbar, filters, range, verification));
        setCenter(center);
        setBottom(bottom);
        BorderPane.setMargin(center, new Insets(10, 0, 6, 0));
        setPadding(new Insets(12));
    }

    private static TableView<AuditEntry> table(AuditViewModel vm) {
        TableView<AuditEntry> table = new TableView<>(vm.entries());
        table.setId("auditTable");
        table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns()
                .setAll(
                        column("#", 50, e -> Long.toString(e.seq())),
                        column("Time (UTC)", 205, e -> AuditEntryInspector.time(e.time())),
                        column("Actor", 90, AuditEntry::actor),
                        column("Action", 150, AuditEntry::action),
                        column("Target", 120, AuditEntry::target));
        table.setPlaceholder(new Label("No entries"));
        // The first broken entry of a failed verification stands out in the table.
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(AuditEntry entry, boolean empty) {
                super.updateItem(entry, empty);
                var result = vm.verificationProperty().get();
                boolean broken = !empty
                        && entry != null
                        && result != null
                        && !result.intact()
                        && result.firstBrokenSeq() != null
                        && entry.seq() == result.firstBrokenSeq();
                setStyle(broken ? "-fx-background-color: -color-danger-muted;" : "");
            }
        });
        vm.verificationProperty().addListener((obs, old, now) -> table.refresh());
        // Selection flows both ways: the view model selects the broken entry after a verification.
        table.getSelectionModel()
                .selectedItemProperty()
                .addListener((obs, old, entry) -> vm.selectedProperty().set(entry));
        vm.selectedProperty().addListener((obs, old, entry) -> {
            if (entry != null && entry != table.getSelectionModel().getSelectedItem()) {
                table.getSelectionModel().select(entry);
                table.scrollTo(entry);
                table.requestFocus();
            }
        });
        return table;
    }

    private static void showVerification(Message message, AuditClient.Verification result) {
        message.setVisible(result != null);
        message.setManaged(result != null);
        message.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        if (result == null) {
            return;
        }
        if (result.intact()) {
            message.getStyleClass().add(Styles.SUCCESS);
            message.setTitle("Audit chain intact");
            message.setDescription(
                    result.entries() + " entries verified: every hash matches its entry and links to the one before.");
        } else {
            message.getStyleClass().add(Styles.DANGER);
            message.setTitle("Audit chain broken at entry " + result.firstBrokenSeq());
            message.setDescription(
                    result.reason() + ". " + result.entries()
                            + " entries before it verified. The broken entry is selected below; keep an export for the investigation.");
        }
    }

    private static TableColumn<AuditEntry, String> column(
            String title, double width, Function<AuditEntry, String> value) {
        return Controls.textColumn(title, width, value);
    }

    private static TextField filterField(String id, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(12);
        return field;
    }

    private static DatePicker dayPicker(String id, String prompt) {
        DatePicker picker = new DatePicker();
        picker.setId(id);
        picker.setPromptText(prompt);
        picker.setPrefWidth(150);
        return picker;
    }

    private static Button button(String id, String text, String style) {
        return Controls.button(id, text, style);
    }
}
