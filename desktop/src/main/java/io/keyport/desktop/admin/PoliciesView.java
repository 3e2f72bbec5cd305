package io.keyport.desktop.admin;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import io.keyport.model.kio.Application;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Policies tab, built in code: a searchable application table on the left; on the right the
 * selected application's approval policy and its service scopes, each with its own Save. Bound to
 * {@link PoliciesViewModel}; ids ({@code #appSearch}, {@code #appTable}, {@code #approvalTypes},
 * {@code #requiredApprovers}, {@code #fourEyes}, {@code #savePolicy}, {@code #scopes},
 * {@code #saveScopes}) are stable for tests.
 */
final class PoliciesView extends SplitPane {

    PoliciesView(PoliciesViewModel vm) {
        TextField search = new TextField();
        search.setId("appSearch");
        search.setPromptText("Filter by id, name or team");
        search.textProperty().bindBidirectional(vm.searchProperty());
        TableView<Application> table = new TableView<>(vm.applications());
        table.setId("appTable");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<Application, String> id = new TableColumn<>("Application");
        id.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().id()));
        TableColumn<Application, String> team = new TableColumn<>("Team");
        team.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().teamId()));
        TableColumn<Application, String> name = new TableColumn<>("Name");
        name.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().name()));
        table.getColumns().setAll(id, team, name);
        table.setPlaceholder(new Label("No applications"));
        table.getSelectionModel()
                .selectedItemProperty()
                .addListener((obs, old, app) -> vm.selectedProperty().set(app));
        VBox left = new VBox(8, search, table);
        left.setPadding(new Insets(8, 0, 0, 0));
        VBox.setVgrow(table, Priority.ALWAYS);

        Label heading = Forms.heading();
        heading.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.selectedProperty().get() == null
                                ? "Pick an application"
                                : "Application " + vm.selectedProperty().get().id(),
                        vm.selectedProperty()));

        TextField types = new TextField();
        types.setId("approvalTypes");
        types.setPromptText("empty: any approval type counts");
        types.textProperty().bindBidirectional(vm.approvalTypesProperty());
        TextField approvers = new TextField();
        approvers.setId("requiredApprovers");
        approvers.setPromptText("empty: default for the criticality level");
        approvers.textProperty().bindBidirectional(vm.requiredApproversProperty());
        Label effective = Forms.hint("");
        effective.setId("effectiveApprovers");
        effective.textProperty().bind(vm.effectiveProperty());
        CheckBox fourEyes = new CheckBox("Four-eyes: the author of a version cannot approve it");
        fourEyes.setId("fourEyes");
        fourEyes.selectedProperty().bindBidirectional(vm.fourEyesProperty());
        Button savePolicy = new Button("Save policy");
        savePolicy.setId("savePolicy");
        savePolicy.getStyleClass().add(Styles.ACCENT);
        savePolicy.disableProperty().bind(vm.canSavePolicyProperty().not());
        savePolicy.setOnAction(e -> vm.savePolicy());
        var policy = Forms.grid();
        policy.addRow(0, new Label("Required types"), Forms.validated(types, vm.approvalTypesProblemProperty()));
        policy.addRow(
                1,
                new Label("Distinct approvers"),
                new VBox(4, Forms.validated(approvers, vm.requiredApproversProblemProperty()), effective));
        policy.add(fourEyes, 1, 2);
        policy.add(savePolicy, 1, 3);

        TextField scopes = new TextField();
        scopes.setId("scopes");
        scopes.setPromptText("application.write");
        scopes.textProperty().bindBidirectional(vm.scopesProperty());
        Button saveScopes = new Button("Save scopes");
        saveScopes.setId("saveScopes");
        saveScopes.getStyleClass().add(Styles.ACCENT);
        saveScopes.disableProperty().bind(vm.canSaveScopesProperty().not());
        saveScopes.setOnAction(e -> vm.saveScopes());
        var service = Forms.grid();
        service.addRow(0, new Label("Scopes"), Forms.validated(scopes, vm.scopesProblemProperty()));
        service.add(
                Forms.hint("What tokens of this application's client credentials may do, besides uid. "
                        + "Common: application.write, application.write_all; keyport.admin is for people only."),
                1,
                1);
        service.add(saveScopes, 1, 2);

        VBox form = new VBox(
                12,
                heading,
                Forms.title("Approval policy"),
                policy,
                new Separator(),
                Forms.title("Service scopes"),
                service);
        form.setPadding(new Insets(16));
        form.disableProperty().bind(vm.selectedProperty().isNull());
        getItems().setAll(left, form);
        setDividerPositions(0.42);
    }
}
