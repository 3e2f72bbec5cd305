package io.keyport.desktop.admin;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.keyport.model.identity.Team;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.SearchableComboBox;

/**
 * The Teams tab, built in code: the team table on the left; on the right the form (id, name) and
 * the selected team's members with add and remove. Bound to {@link TeamsViewModel}; ids
 * ({@code #teamTable}, {@code #teamId}, {@code #teamName}, {@code #saveTeam}, {@code #newTeam},
 * {@code #deleteTeam}, {@code #members}, {@code #newMember}, {@code #addMember},
 * {@code #removeMember}) are stable for tests.
 */
final class TeamsView extends SplitPane {

    TeamsView(TeamsViewModel vm) {
        TableView<Team> table = new TableView<>(vm.teams());
        table.setId("teamTable");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<Team, String> id = new TableColumn<>("Team");
        id.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().id()));
        TableColumn<Team, String> name = new TableColumn<>("Name");
        name.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().name()));
        table.getColumns().setAll(id, name);
        table.setPlaceholder(new Label("No teams yet"));
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, team) -> {
            if (team != null) {
                vm.edit(team);
            }
        });

        Label heading = Forms.heading();
        heading.textProperty()
                .bind(Bindings.when(vm.creatingProperty())
                        .then("New team")
                        .otherwise(Bindings.concat("Team ", vm.teamIdProperty())));
        TextField teamId = new TextField();
        teamId.setId("teamId");
        teamId.setPromptText("payments");
        teamId.textProperty().bindBidirectional(vm.teamIdProperty());
        teamId.editableProperty().bind(vm.creatingProperty());
        TextField teamName = new TextField();
        teamName.setId("teamName");
        teamName.setPromptText("Payments");
        teamName.textProperty().bindBidirectional(vm.nameProperty());
        var grid = Forms.grid();
        grid.addRow(0, new Label("Team id"), Forms.validated(teamId, vm.teamIdProblemProperty()));
        grid.addRow(1, new Label("Name"), teamName);

        Button save = new Button("Save");
        save.setId("saveTeam");
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(vm.canSaveProperty().not());
        save.setOnAction(e -> vm.save());
        Button create = new Button("New team");
        create.setId("newTeam");
        create.setOnAction(e -> {
            table.getSelectionModel().clearSelection();
            vm.newTeam();
            teamId.requestFocus();
        });
        Button delete = new Button("Delete team…");
        delete.setId("deleteTeam");
        delete.getStyleClass().addAll(Styles.DANGER, Styles.BUTTON_OUTLINED);
        delete.disableProperty().bind(vm.creatingProperty().or(vm.busyProperty()));
        delete.setOnAction(e -> vm.remove());

        ListView<String> members = new ListView<>(vm.members());
        members.setId("members");
        members.setPrefHeight(180);
        members.setPlaceholder(new Label("No members"));
        // every user id, searchable: typing part of an id narrows the list (ControlsFX)
        ComboBox<String> newMember = new SearchableComboBox<>(vm.userIds());
        newMember.setId("newMember");
        newMember.setPromptText("user id");
        newMember.setButtonCell(new PromptingCell(newMember));
        // the view model's "" (nothing chosen) is the combo box's null, so the prompt shows again
        newMember
                .valueProperty()
                .addListener((o, old, now) -> vm.newMemberProperty().set(now == null ? "" : now));
        vm.newMemberProperty()
                .addListener((o, old, now) -> newMember.setValue(now == null || now.isEmpty() ? null : now));
        newMember.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(newMember, Priority.ALWAYS);
        Button add = new Button("Add member");
        add.setId("addMember");
        add.disableProperty().bind(vm.canAddMemberProperty().not());
        add.setOnAction(e -> vm.addMember());
        Button removeMember = new Button("Remove member");
        removeMember.setId("removeMember");
        removeMember
                .disableProperty()
                .bind(members.getSelectionModel()
                        .selectedItemProperty()
                        .isNull()
                        .or(vm.busyProperty()));
        removeMember.setOnAction(
                e -> vm.removeMember(members.getSelectionModel().getSelectedItem()));

        VBox membership = new VBox(
                8,
                Forms.title("Members"),
                members,
                new HBox(8, newMember, add, removeMember),
                Forms.hint("A membership lets a person write the team's applications and approve their versions."));
        membership.disableProperty().bind(vm.creatingProperty());

        VBox form = new VBox(12, heading, grid, new HBox(8, save, create, delete), membership);
        form.setPadding(new Insets(16));
        getItems().setAll(table, form);
        setDividerPositions(0.42);
    }

    /**
     * The picker's button cell: shows the prompt whenever nothing is chosen, also after a chosen
     * member was added and the value cleared (the default button cell then stays blank).
     */
    private static final class PromptingCell extends ListCell<String> {

        private final ComboBox<String> owner;

        PromptingCell(ComboBox<String> owner) {
            this.owner = owner;
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            boolean none = empty || item == null;
            setText(none ? owner.getPromptText() : item);
            getStyleClass().remove(Styles.TEXT_MUTED);
            if (none) {
                getStyleClass().add(Styles.TEXT_MUTED);
            }
        }
    }
}
