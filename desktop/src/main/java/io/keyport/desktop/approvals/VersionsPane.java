package io.keyport.desktop.approvals;

import atlantafx.base.theme.Styles;
import io.keyport.model.kio.Approval;
import io.keyport.model.kio.Version;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The versions of one application: a table with each version's state at a glance, the selected
 * version's status, four-eyes hint, approval history and approve form, and a form to create a
 * version. Used by the Applications view (Versions tab) and the Approvals view.
 */
public final class VersionsPane extends VBox {

    /** With {@code withCreateForm}, the pane ends with the form that creates a version. */
    public VersionsPane(VersionsViewModel vm, boolean withCreateForm) {
        setSpacing(8);
        setPadding(new Insets(8));

        Label title = new Label();
        title.getStyleClass().add(Styles.TITLE_4);
        title.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.applicationProperty().get() == null
                                ? "Select an application"
                                : "Versions of "
                                        + vm.applicationProperty().get().id(),
                        vm.applicationProperty()));

        TableView<Version> table = new TableView<>(vm.versions());
        table.setId("versionTable");
        table.setPlaceholder(new Label("No versions yet"));
        table.getColumns().add(Formats.column("Version", Version::id, 110));
        TableColumn<Version, String> state =
                Formats.column("Status", v -> Version.APPROVED.equals(v.approvalStatus()) ? "approved" : "pending", 90);
        state.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll(Styles.SUCCESS, Styles.WARNING);
                setText(empty ? null : item);
                if (!empty && item != null) {
                    getStyleClass().add("approved".equals(item) ? Styles.SUCCESS : Styles.WARNING);
                }
            }
        });
        table.getColumns().add(state);
        table.getColumns()
                .add(Formats.column(
                        "Needs",
                        v -> Version.APPROVED.equals(v.approvalStatus())
                                ? ""
                                : VersionsViewModel.statusOf(v).replace("Pending: needs ", ""),
                        200));
        table.getColumns().add(Formats.column("Created by", Version::createdBy, 90));
        table.getColumns().add(Formats.column("Created", v -> Formats.time(v.created()), 140));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedItemProperty().addListener((o, old, now) -> {
            if (now != null) {
                vm.selectedProperty().set(now);
            }
        });
        vm.selectedProperty().addListener((o, old, now) -> {
            if (now != null && table.getSelectionModel().getSelectedItem() != now) {
                table.getSelectionModel().select(now);
                table.scrollTo(now);
            }
        });

        Label status = new Label();
        status.setId("versionStatus");
        status.textProperty().bind(vm.statusTextProperty());
        status.getStyleClass().add(Styles.TEXT_BOLD);
        status.setWrapText(true);
        vm.statusTextProperty().addListener((o, old, now) -> {
            status.getStyleClass().removeAll(Styles.SUCCESS, Styles.WARNING);
            if (now != null && !now.isEmpty()) {
                status.getStyleClass().add(now.startsWith("Approved") ? Styles.SUCCESS : Styles.WARNING);
            }
        });
        Label fourEyes = new Label();
        fourEyes.setId("fourEyes");
        fourEyes.setWrapText(true);
        fourEyes.getStyleClass().addAll(Styles.DANGER);
        fourEyes.textProperty().bind(vm.fourEyesTextProperty());
        fourEyes.visibleProperty().bind(vm.fourEyesTextProperty().isNotNull());
        fourEyes.managedProperty().bind(fourEyes.visibleProperty());

        TableView<Approval> history = new TableView<>(vm.history());
        history.setId("approvalHistory");
        history.setPlaceholder(new Label("No approvals yet"));
        history.getColumns().add(Formats.column("Type", Approval::approvalType, 110));
        history.getColumns().add(Formats.column("By", Approval::userId, 90));
        history.getColumns().add(Formats.column("At", a -> Formats.time(a.approvedAt()), 140));
        history.getColumns().add(Formats.column("Notes", a -> a.notes() == null ? "" : a.notes(), 160));
        history.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        history.setPrefHeight(150);

        ComboBox<String> type = new ComboBox<>(vm.approvalTypes());
        type.setId("approvalType");
        type.setEditable(true);
        type.setPromptText("Type");
        type.valueProperty().bindBidirectional(vm.approvalTypeProperty());
        TextField notes = new TextField();
        notes.setId("approvalNotes");
        notes.setPromptText("Notes (optional)");
        notes.textProperty().bindBidirectional(vm.approvalNotesProperty());
        HBox.setHgrow(notes, Priority.ALWAYS);
        Button approve = new Button("Approve");
        approve.setId("approve");
        approve.getStyleClass().add(Styles.SUCCESS);
        approve.setMinWidth(Region.USE_PREF_SIZE);
        approve.disableProperty().bind(vm.canApproveProperty().not());
        approve.setOnAction(e -> vm.approve());
        HBox approveRow = new HBox(6, type, notes, approve);

        Label historyTitle = new Label("Approval history");
        historyTitle.getStyleClass().add(Styles.TEXT_MUTED);
        VBox details = new VBox(6, status, fourEyes, historyTitle, history, approveRow);
        details.disableProperty().bind(vm.selectedProperty().isNull());
        table.setPrefHeight(170);
        VBox.setVgrow(table, Priority.ALWAYS);

        TitledPane create = new TitledPane("Create a version", createForm(vm));
        create.setId("createVersionPane");
        create.setExpanded(true);
        create.disableProperty().bind(vm.applicationProperty().isNull());

        getChildren().addAll(title, table, details);
        if (withCreateForm) {
            getChildren().add(create);
        }
    }

    private static GridPane createForm(VersionsViewModel vm) {
        TextField id = new TextField();
        id.setId("newVersionId");
        id.setPromptText("1.4.0");
        id.textProperty().bindBidirectional(vm.newVersionIdProperty());
        TextField artifact = new TextField();
        artifact.setId("newArtifact");
        artifact.setPromptText("docker://registry.example.org/team/app:1.4.0");
        artifact.textProperty().bindBidirectional(vm.newArtifactProperty());
        TextField notes = new TextField();
        notes.setId("newNotes");
        notes.setPromptText("Release notes (markdown, optional)");
        notes.textProperty().bindBidirectional(vm.newNotesProperty());
        Label error = new Label();
        error.setId("newVersionError");
        error.getStyleClass().add(Styles.TEXT_MUTED);
        error.textProperty().bind(vm.newVersionErrorProperty());
        Button create = new Button("Create version");
        create.setId("createVersion");
        create.getStyleClass().add(Styles.ACCENT);
        create.disableProperty().bind(vm.canCreateProperty().not());
        create.setOnAction(e -> vm.createVersion());

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        grid.addRow(0, new Label("Version"), id, new Label("Artifact"), artifact);
        grid.addRow(1, new Label("Notes"), notes);
        GridPane.setColumnSpan(notes, 3);
        grid.add(new HBox(8, create, error), 1, 2, 3, 1);
        GridPane.setHgrow(artifact, Priority.ALWAYS);
        return grid;
    }
}
