package io.keyport.desktop.admin;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.keyport.model.identity.User;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The Users tab, built in code: the user table on the left, the form on the right. It only binds
 * to {@link UsersViewModel}; ids ({@code #userTable}, {@code #uid}, {@code #password},
 * {@code #generatePassword}, {@code #admin}, {@code #userTeams}, {@code #saveUser}, {@code #newUser},
 * {@code #removeUser}) are stable for tests.
 */
final class UsersView extends SplitPane {

    UsersView(UsersViewModel vm) {
        TableView<User> table = new TableView<>(vm.users());
        table.setId("userTable");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<User, String> uid = new TableColumn<>("User");
        uid.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().uid()));
        TableColumn<User, String> role = new TableColumn<>("Role");
        role.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().admin() ? "admin" : ""));
        TableColumn<User, String> teams = new TableColumn<>("Teams");
        teams.setCellValueFactory(row ->
                new ReadOnlyStringWrapper(String.join(", ", row.getValue().teams())));
        table.getColumns().setAll(uid, role, teams);
        table.setPlaceholder(new Label("No users loaded"));
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, user) -> {
            if (user != null) {
                vm.edit(user);
            }
        });

        Label heading = Forms.heading();
        heading.textProperty()
                .bind(Bindings.when(vm.creatingProperty())
                        .then("New user")
                        .otherwise(Bindings.concat("User ", vm.uidProperty())));

        TextField uidField = new TextField();
        uidField.setId("uid");
        uidField.setPromptText("jdoe");
        uidField.textProperty().bindBidirectional(vm.uidProperty());
        uidField.editableProperty().bind(vm.creatingProperty());

        PasswordField password = new PasswordField();
        password.setId("password");
        password.promptTextProperty()
                .bind(Bindings.when(vm.creatingProperty())
                        .then("at least 8 characters")
                        .otherwise("leave empty to keep the current password"));
        password.textProperty().bindBidirectional(vm.passwordProperty());
        password.disableProperty().bind(vm.generatePasswordProperty());
        CheckBox generate = new CheckBox("Generate a password and show it once");
        generate.setId("generatePassword");
        generate.selectedProperty().bindBidirectional(vm.generatePasswordProperty());

        CheckBox admin = new CheckBox("Administrator (all scopes, this console's Administration and Audit log)");
        admin.setId("admin");
        admin.selectedProperty().bindBidirectional(vm.adminProperty());

        ListView<TeamChoice> memberships = new ListView<>(vm.teams());
        memberships.setId("userTeams");
        memberships.setCellFactory(CheckBoxListCell.forListView(TeamChoice::memberProperty));
        memberships.setPrefHeight(160);
        memberships.setPlaceholder(new Label("No teams yet: create one in the Teams tab"));

        var grid = Forms.grid();
        grid.addRow(0, new Label("User id"), Forms.validated(uidField, vm.uidProblemProperty()));
        grid.addRow(1, new Label("Password"), Forms.validated(password, vm.passwordProblemProperty()));
        grid.add(generate, 1, 2);
        grid.add(admin, 1, 3);
        grid.addRow(4, new Label("Teams"), memberships);

        Button save = new Button("Save");
        save.setId("saveUser");
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(vm.canSaveProperty().not());
        save.setOnAction(e -> vm.save());
        Button create = new Button("New user");
        create.setId("newUser");
        create.setOnAction(e -> {
            table.getSelectionModel().clearSelection();
            vm.newUser();
            uidField.requestFocus();
        });
        Button remove = new Button("Remove user…");
        remove.setId("removeUser");
        remove.getStyleClass().addAll(Styles.DANGER, Styles.BUTTON_OUTLINED);
        remove.disableProperty().bind(vm.creatingProperty().or(vm.busyProperty()));
        remove.setOnAction(e -> vm.remove());
        HBox buttons = new HBox(8, save, create, remove);

        VBox form = new VBox(
                12,
                heading,
                grid,
                buttons,
                Forms.hint("Removing deletes the account: the server keeps no inactive people. Their tokens stop "
                        + "working at once; the audit log keeps their user id."));
        form.setPadding(new Insets(16));

        getItems().setAll(table, form);
        setDividerPositions(0.42);
    }
}
